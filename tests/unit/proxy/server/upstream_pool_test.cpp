// UpstreamPool over real TLS connections on loopback: the client ends are
// TlsSockets as the proxy's upstream connections are, the server ends Asio's
// TLS streams, which send TLS 1.3 session tickets after the handshake.
#include "proxy/server/upstream_pool.hpp"
#include "tests/unit/proxy/server/tls_pair.hpp"

#include <boost/asio/read.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include <catch2/catch.hpp>

#include <optional>

#include <poll.h>

using namespace octobot::proxy;
using namespace octobot::proxy::testing;
using error_code = boost::system::error_code;

namespace {

Policy policy_with(std::vector<Cidr> allow, std::vector<Cidr> deny = {}) {
  PolicyConfig config;
  config.allow_hosts = {"localhost"};
  config.allow_cidrs = std::move(allow);
  config.deny_cidrs = std::move(deny);
  return Policy(std::move(config));
}

Cidr cidr(const char* text) { return *Cidr::parse(text); }

using ServerEnd = ssl::stream<tcp::socket>;

// Upstream connections to loopback; the test keeps their server ends.
struct Loopback {
  Contexts contexts;
  asio::io_context io;
  std::vector<std::unique_ptr<ServerEnd>> server_ends;
  UpstreamPool& pool = UpstreamPool::of(io.get_executor());
  const Policy loopback_allowed = policy_with({cidr("127.0.0.0/8")});

  UpstreamTls connect() {
    auto [client_socket, server_socket] = connected_pair(io);
    server_socket.set_option(tcp::no_delay(true));  // what the server end writes arrives at once
    auto client = std::make_unique<TlsSocket>(std::move(client_socket), contexts.client);
    auto& server = *server_ends.emplace_back(std::make_unique<ServerEnd>(std::move(server_socket), *contexts.server));
    int done = 0;
    error_code client_error, server_error;
    client->async_handshake(ssl::stream_base::client, [&](error_code error) { client_error = error, ++done; });
    server.async_handshake(ssl::stream_base::server, [&](error_code error) { server_error = error, ++done; });
    io.restart();
    while (done < 2 && io.run_one_for(std::chrono::seconds(10)) > 0) {
    }
    REQUIRE(done == 2);
    REQUIRE_FALSE(client_error);
    REQUIRE_FALSE(server_error);
    return client;
  }

  ServerEnd& last_server_end() { return *server_ends.back(); }
};

// Waits until the connection's socket has bytes to read (at most 5 s).
void wait_readable(TlsSocket& connection) {
  pollfd waiting{connection.next_layer().native_handle(), POLLIN, 0};
  REQUIRE(::poll(&waiting, 1, 5000) == 1);
}

// What the server end reads next: an error once the pool closed the connection.
error_code server_read_error(ServerEnd& server) {
  char byte;
  error_code error;
  asio::read(server, asio::buffer(&byte, 1), error);
  return error;
}

}  // namespace

TEST_CASE("a kept connection is handed out again for its destination only", "[proxy][pool]") {
  Loopback loopback;
  auto connection = loopback.connect();
  TlsSocket* kept = connection.get();
  loopback.pool.give("localhost:443", std::move(connection));
  CHECK(loopback.pool.size() == 1);
  CHECK(loopback.pool.take("other.example:443", loopback.loopback_allowed) == nullptr);
  CHECK(loopback.pool.take("localhost:8443", loopback.loopback_allowed) == nullptr);
  auto taken = loopback.pool.take("localhost:443", loopback.loopback_allowed);
  CHECK(taken.get() == kept);
  CHECK(loopback.pool.size() == 0);
}

TEST_CASE("the most recently kept connection is handed out first", "[proxy][pool]") {
  Loopback loopback;
  auto older = loopback.connect();
  auto newer = loopback.connect();
  TlsSocket* newer_pointer = newer.get();
  loopback.pool.give("localhost:443", std::move(older));
  loopback.pool.give("localhost:443", std::move(newer));
  CHECK(loopback.pool.take("localhost:443", loopback.loopback_allowed).get() == newer_pointer);
  CHECK(loopback.pool.size() == 1);
}

TEST_CASE("the pool keeps at most kPerDestination per destination and kTotal in all", "[proxy][pool]") {
  Loopback loopback;
  for (std::size_t i = 0; i < UpstreamPool::kPerDestination + 2; ++i) loopback.pool.give("a:443", loopback.connect());
  CHECK(loopback.pool.size() == UpstreamPool::kPerDestination);
  for (int destination = 0; loopback.pool.size() < UpstreamPool::kTotal; ++destination) {
    loopback.pool.give("host" + std::to_string(destination) + ":443", loopback.connect());
  }
  loopback.pool.give("last:443", loopback.connect());
  CHECK(loopback.pool.size() == UpstreamPool::kTotal);
  CHECK(loopback.pool.take("last:443", loopback.loopback_allowed) != nullptr);
}

TEST_CASE("a connection the peer closed or wrote to is not handed out, nor kept", "[proxy][pool]") {
  Loopback loopback;
  loopback.pool.give("closed:443", loopback.connect());
  loopback.last_server_end().next_layer().close();
  auto chatty = loopback.connect();
  TlsSocket& chatty_connection = *chatty;
  loopback.pool.give("wrote:443", std::move(chatty));
  asio::write(loopback.last_server_end(), asio::buffer("unexpected", 10));
  wait_readable(chatty_connection);
  CHECK(loopback.pool.take("closed:443", loopback.loopback_allowed) == nullptr);
  CHECK(loopback.pool.take("wrote:443", loopback.loopback_allowed) == nullptr);
  CHECK(loopback.pool.size() == 0);

  auto already_closed = loopback.connect();
  loopback.last_server_end().next_layer().close();
  loopback.pool.give("closed:443", std::move(already_closed));
  CHECK(loopback.pool.size() == 0);
}

TEST_CASE("a kept connection whose address the current policy denies is not handed out", "[proxy][pool]") {
  Loopback loopback;
  loopback.pool.give("localhost:443", loopback.connect());
  CHECK(loopback.pool.take("localhost:443", policy_with({})) == nullptr);  // loopback no longer in allow.cidrs
  loopback.pool.give("localhost:443", loopback.connect());
  CHECK(loopback.pool.take("localhost:443", policy_with({cidr("127.0.0.0/8")}, {cidr("127.0.0.1/32")})) == nullptr);
  CHECK(loopback.pool.size() == 0);
}

TEST_CASE("kept connections are closed after the idle limit, by the event loop", "[proxy][pool]") {
  Loopback loopback;
  loopback.pool.set_idle_limit(std::chrono::milliseconds(20));
  loopback.pool.give("localhost:443", loopback.connect());
  CHECK(loopback.pool.size() == 1);
  loopback.io.restart();
  loopback.io.run_for(std::chrono::milliseconds(200));
  CHECK(loopback.pool.size() == 0);
  CHECK(server_read_error(loopback.last_server_end()));  // the upstream sees the connection closed
}

TEST_CASE("destroying the event loop closes the connections still kept", "[proxy][pool]") {
  std::optional<Loopback> loopback(std::in_place);
  loopback->pool.give("localhost:443", loopback->connect());
  asio::io_context other;
  tcp::socket observer(other, tcp::v4(), loopback->last_server_end().next_layer().release());
  loopback.reset();
  char byte;
  error_code error;
  observer.read_some(asio::buffer(&byte, 1), error);
  CHECK(error == asio::error::eof);
}

TEST_CASE("session tickets that arrived after the handshake do not make a connection look used", "[proxy][pool]") {
  Loopback loopback;
  auto connection = loopback.connect();
  wait_readable(*connection);  // the server's session tickets
  CHECK(connection->idle());
  loopback.pool.give("localhost:443", std::move(connection));
  CHECK(loopback.pool.size() == 1);
  CHECK(loopback.pool.take("localhost:443", loopback.loopback_allowed) != nullptr);
}
