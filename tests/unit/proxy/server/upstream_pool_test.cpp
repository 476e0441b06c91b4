// UpstreamPool over real loopback connections (no TLS handshake is needed
// for what the pool checks: the socket, OpenSSL's buffers, the peer address).
#include "proxy/server/upstream_pool.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/write.hpp>

#include <catch2/catch.hpp>

using namespace octobot::proxy;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

Policy policy_with(std::vector<Cidr> allow, std::vector<Cidr> deny = {}) {
  PolicyConfig config;
  config.allow_hosts = {"localhost"};
  config.allow_cidrs = std::move(allow);
  config.deny_cidrs = std::move(deny);
  return Policy(std::move(config));
}

Cidr cidr(const char* text) { return *Cidr::parse(text); }

// Upstream connections to a loopback listener; the test keeps their server ends.
struct Loopback {
  asio::io_context io;
  asio::ssl::context tls{asio::ssl::context::tls_client};
  tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), 0}};
  std::vector<tcp::socket> server_ends;
  UpstreamPool& pool = UpstreamPool::of(io.get_executor());
  const Policy loopback_allowed = policy_with({cidr("127.0.0.0/8")});

  UpstreamTls connect() {
    tcp::socket client(io);
    client.connect(acceptor.local_endpoint());
    server_ends.push_back(acceptor.accept());
    return std::make_unique<TlsSocket>(std::move(client), tls);
  }
};

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
  loopback.server_ends.back().close();
  loopback.pool.give("wrote:443", loopback.connect());
  asio::write(loopback.server_ends.back(), asio::buffer("unexpected", 10));
  CHECK(loopback.pool.take("closed:443", loopback.loopback_allowed) == nullptr);
  CHECK(loopback.pool.take("wrote:443", loopback.loopback_allowed) == nullptr);
  CHECK(loopback.pool.size() == 0);

  auto already_closed = loopback.connect();
  loopback.server_ends.back().close();
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
  loopback.io.run_for(std::chrono::milliseconds(200));
  CHECK(loopback.pool.size() == 0);
  char byte;
  boost::system::error_code error;
  loopback.server_ends.back().read_some(asio::buffer(&byte, 1), error);
  CHECK(error == asio::error::eof);  // the upstream sees the connection closed
}

TEST_CASE("destroying the event loop closes the connections still kept", "[proxy][pool]") {
  std::optional<Loopback> loopback(std::in_place);
  loopback->pool.give("localhost:443", loopback->connect());
  tcp::socket server_end = std::move(loopback->server_ends.back());
  asio::io_context other;
  tcp::socket observer(other, tcp::v4(), server_end.release());
  loopback.reset();
  char byte;
  boost::system::error_code error;
  observer.read_some(asio::buffer(&byte, 1), error);
  CHECK(error == asio::error::eof);
}
