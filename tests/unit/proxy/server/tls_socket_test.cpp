// TlsSocket (proxy/server/tls_socket.hpp) against Asio's own TLS stream over
// loopback TCP: handshakes both ways, data both ways at once, the two ways a
// connection ends, and a closed socket that OpenSSL must not touch again.
#include "proxy/server/tls_socket.hpp"
#include "tests/unit/proxy/server/tls_pair.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <catch2/catch.hpp>

#include <csignal>
#include <string>

namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using octobot::proxy::TlsSocket;
using octobot::proxy::testing::connected_pair;
using octobot::proxy::testing::Contexts;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

template <class Body>
void run(asio::io_context& io, Body body) {
  bool finished = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    co_await body();
    finished = true;
  }, [](std::exception_ptr failure) { if (failure) std::rethrow_exception(failure); });
  io.run_for(std::chrono::seconds(20));
  REQUIRE(finished);
}

std::string pattern(std::size_t size) {
  std::string text(size, '\0');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
  return text;
}

template <class Stream>
asio::awaitable<error_code> handshake(Stream& stream, ssl::stream_base::handshake_type type) {
  auto [error] = co_await stream.async_handshake(type, use_tuple);
  co_return error;
}

// Reads until `size` bytes or an error.
template <class Stream>
asio::awaitable<std::pair<error_code, std::string>> read_exactly(Stream& stream, std::size_t size) {
  std::string received(size, '\0');
  auto [error, n] = co_await asio::async_read(stream, asio::buffer(received), use_tuple);
  received.resize(n);
  co_return std::make_pair(error, received);
}

// A TlsSocket serving example.com and Asio's TLS client connected to it.
struct ServedByTlsSocket {
  Contexts contexts;
  asio::io_context io;
  std::pair<tcp::socket, tcp::socket> sockets = connected_pair(io);
  TlsSocket server{std::move(sockets.first), *contexts.server};
  ssl::stream<tcp::socket> client{std::move(sockets.second), contexts.client};

  // Both handshakes at once; the client checks the name example.com.
  asio::awaitable<void> handshake_both() {
    using namespace asio::experimental::awaitable_operators;
    SSL_set_tlsext_host_name(client.native_handle(), "example.com");
    SSL_set1_host(client.native_handle(), "example.com");
    auto [server_error, client_error] =
        co_await (handshake(server, ssl::stream_base::server) && handshake(client, ssl::stream_base::client));
    REQUIRE_FALSE(server_error);
    REQUIRE_FALSE(client_error);
  }
};

}  // namespace

TEST_CASE("TlsSocket serves a TLS client: handshake and 4 MiB both ways at once", "[proxy][tls_socket]") {
  ServedByTlsSocket pair;
  const std::string up = pattern(4 << 20), down = pattern((4 << 20) + 17);

  run(pair.io, [&]() -> asio::awaitable<void> {
    using namespace asio::experimental::awaitable_operators;
    co_await pair.handshake_both();
    auto exchange = [](auto& stream, const std::string& expected, const std::string& sent) -> asio::awaitable<void> {
      auto [read_result, write_result] =
          co_await (read_exactly(stream, expected.size()) && asio::async_write(stream, asio::buffer(sent), use_tuple));
      CHECK_FALSE(read_result.first);
      CHECK((read_result.second == expected));  // (no dump of 4 MiB on failure)
      CHECK_FALSE(std::get<0>(write_result));
    };
    co_await (exchange(pair.server, up, down) && exchange(pair.client, down, up));
  });
}

TEST_CASE("TlsSocket as a client: close_notify is eof, a bare TCP close is stream_truncated", "[proxy][tls_socket]") {
  Contexts contexts;
  for (bool polite : {true, false}) {
    CAPTURE(polite);
    asio::io_context io;
    auto [server_socket, client_socket] = connected_pair(io);
    ssl::stream<tcp::socket> server(std::move(server_socket), *contexts.server);
    TlsSocket client(std::move(client_socket), contexts.client);
    SSL_set_tlsext_host_name(client.native_handle(), "example.com");
    SSL_set1_host(client.native_handle(), "example.com");

    run(io, [&]() -> asio::awaitable<void> {
      using namespace asio::experimental::awaitable_operators;
      auto [server_handshake, client_handshake] =
          co_await (handshake(server, ssl::stream_base::server) && handshake(client, ssl::stream_base::client));
      REQUIRE_FALSE(server_handshake);
      REQUIRE_FALSE(client_handshake);
      CHECK(SSL_get_verify_result(client.native_handle()) == X509_V_OK);
      co_await asio::async_write(server, asio::buffer(std::string("last words")), use_tuple);
      auto client_reads = [&]() -> asio::awaitable<error_code> {
        auto [read_error, received] = co_await read_exactly(client, 100);
        CHECK(received == "last words");
        if (polite) co_await client.async_shutdown(use_tuple);  // the close_notify the server waits for
        co_return read_error;
      };
      error_code read_error;
      if (polite) {
        auto shutdown = [&]() -> asio::awaitable<error_code> {
          auto [error] = co_await server.async_shutdown(use_tuple);
          co_return error;
        };
        std::tie(std::ignore, read_error) = co_await (shutdown() && client_reads());
      } else {
        server.next_layer().close();
        read_error = co_await client_reads();
      }
      CHECK(read_error == (polite ? error_code(asio::error::eof) : error_code(ssl::error::stream_truncated)));
    });
  }
}

TEST_CASE("TlsSocket fails every operation once its socket is closed, and its shutdown says goodbye",
          "[proxy][tls_socket]") {
  ServedByTlsSocket pair;
  run(pair.io, [&]() -> asio::awaitable<void> {
    co_await pair.handshake_both();
    // Shutting down sends close_notify without waiting for the client's.
    auto [shutdown_error] = co_await pair.server.async_shutdown(use_tuple);
    CHECK_FALSE(shutdown_error);
    char byte;
    auto [client_error, n] = co_await pair.client.async_read_some(asio::buffer(&byte, 1), use_tuple);
    CHECK(client_error == asio::error::eof);

    const int descriptor = pair.server.next_layer().native_handle();
    pair.server.next_layer().close();
    // The kernel hands the freed descriptor number to the next socket: OpenSSL must not read it.
    auto [other_writer, other_reader] = connected_pair(pair.io);
    const bool reused = other_reader.native_handle() == descriptor || other_writer.native_handle() == descriptor;
    CHECK(reused);
    asio::write(other_writer, asio::buffer("other connection", 16));
    asio::write(other_reader, asio::buffer("other connection", 16));
    char buffer[16];
    auto [read_error, read] = co_await pair.server.async_read_some(asio::buffer(buffer), use_tuple);
    CHECK(read_error == asio::error::bad_descriptor);
    auto [write_error, written] = co_await pair.server.async_write_some(asio::buffer("x", 1), use_tuple);
    CHECK(write_error == asio::error::bad_descriptor);
    CHECK(other_reader.available() == 16);
    CHECK(other_writer.available() == 16);
  });
}

TEST_CASE("TlsSocket never completes inside the initiating call", "[proxy][tls_socket]") {
  ServedByTlsSocket pair;
  pair.server.next_layer().close();
  bool completed = false;
  char buffer[4];
  pair.server.async_read_some(asio::buffer(buffer), [&](error_code error, std::size_t) {
    CHECK(error == asio::error::bad_descriptor);
    completed = true;
  });
  CHECK_FALSE(completed);
  pair.io.run();
  CHECK(completed);
}

TEST_CASE("TlsSocket writing to a peer that has gone fails with an error", "[proxy][tls_socket]") {
  std::signal(SIGPIPE, SIG_IGN);  // as proxy_main does: OpenSSL writes with write()
  ServedByTlsSocket pair;
  run(pair.io, [&]() -> asio::awaitable<void> {
    co_await pair.handshake_both();
    pair.client.next_layer().close();
    const std::string block(1 << 20, 'x');
    error_code error;
    for (int i = 0; i < 64 && !error; ++i) {
      std::tie(error, std::ignore) = co_await asio::async_write(pair.server, asio::buffer(block), use_tuple);
    }
    CHECK((error == asio::error::broken_pipe || error == asio::error::connection_reset));
  });
}
