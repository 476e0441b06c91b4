#include "proxy/tls/upstream_sessions.hpp"

#include "proxy/tls/upstream_tls.hpp"
#include "tests/unit/proxy/tls/tls_test_support.hpp"

#include <catch2/catch.hpp>

using namespace octobot::proxy;
using namespace octobot::proxy::testing;
namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

struct Connection {
  bool succeeded = false;
  bool resumed = false;
};

enum class Then { read, close };

// One connection over loopback: the handshake, then the server writes a byte
// that the client reads (TLS 1.3 session tickets arrive just before it), or
// the client closes at once (Then::close: it never sees new tickets and ends
// without a TLS shutdown, as proxied connections often do).
Connection connect_once(ssl::context& server_context, ssl::context& client_context, UpstreamSessions& sessions,
                        const std::string& key, Then then = Then::read) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  ssl::stream<tcp::socket> server(io, server_context);
  ssl::stream<tcp::socket> client(io, client_context);
  prepare_upstream_ssl(client.native_handle(), "localhost");
  sessions.offer(client.native_handle(), key);
  Connection result;
  char sent = 'x', received = 0;
  acceptor.async_accept(server.next_layer(), [&](error_code accepted) {
    if (accepted) return;
    server.async_handshake(ssl::stream_base::server, [&](error_code error) {
      if (!error) asio::async_write(server, asio::buffer(&sent, 1), [](error_code, std::size_t) {});
    });
  });
  client.next_layer().async_connect(acceptor.local_endpoint(), [&](error_code connected) {
    if (connected) return;
    client.async_handshake(ssl::stream_base::client, [&](error_code error) {
      if (error) return;
      result.resumed = SSL_session_reused(client.native_handle()) == 1;
      if (then == Then::close) {
        result.succeeded = true;
        client.next_layer().close();
        return;
      }
      asio::async_read(client, asio::buffer(&received, 1), [&](error_code read_error, std::size_t) {
        result.succeeded = !read_error && received == 'x';
      });
    });
  });
  io.run_for(std::chrono::seconds(20));
  return result;
}

// An upstream for "localhost", and a client with a session cache of `capacity`
// that trusts `trusted` (the upstream's own CA unless told otherwise).
struct Setup {
  explicit Setup(std::size_t capacity = 256, const FakeUpstream* trusted = nullptr)
      : server(upstream.leaves.server_context_for("localhost")),
        client(client_trusting((trusted ? trusted : &upstream)->authority->certificate())),
        sessions(UpstreamSessions::attach(client->native_handle(), capacity)) {
    REQUIRE(server);
  }
  Connection connect(const std::string& key, Then then = Then::read) {
    return connect_once(*server, *client, *sessions, key, then);
  }
  FakeUpstream upstream;
  std::shared_ptr<ssl::context> server;
  std::unique_ptr<ssl::context> client;
  std::shared_ptr<UpstreamSessions> sessions;
};

}  // namespace

TEST_CASE("a second connection to the same upstream resumes its TLS session", "[proxy][tls]") {
  Setup setup;
  auto first = setup.connect("localhost:443");
  REQUIRE(first.succeeded);
  CHECK_FALSE(first.resumed);
  CHECK(setup.sessions->size() == 1);

  auto second = setup.connect("localhost:443", Then::close);
  REQUIRE(second.succeeded);
  CHECK(second.resumed);

  auto third = setup.connect("localhost:443");
  REQUIRE(third.succeeded);
  CHECK(third.resumed);

  auto other_port = setup.connect("localhost:8443");
  REQUIRE(other_port.succeeded);
  CHECK_FALSE(other_port.resumed);
  CHECK(setup.sessions->size() == 2);
}

TEST_CASE("no session is kept from an upstream whose certificate did not verify", "[proxy][tls]") {
  FakeUpstream stranger;
  Setup setup(256, &stranger);
  CHECK_FALSE(setup.connect("localhost:443").succeeded);
  CHECK(setup.sessions->size() == 0);
}

TEST_CASE("the session cache keeps at most its capacity, dropping the oldest", "[proxy][tls]") {
  Setup setup(1);
  REQUIRE(setup.connect("localhost:1").succeeded);
  REQUIRE(setup.connect("localhost:2").succeeded);
  CHECK(setup.sessions->size() == 1);
  CHECK(setup.connect("localhost:2").resumed);
  CHECK_FALSE(setup.connect("localhost:1").resumed);
}
