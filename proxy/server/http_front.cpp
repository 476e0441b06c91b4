// HTTP proxy requests on the proxy port: absolute-form requests are forwarded
// (plain HTTP, keep-alive, one upstream connection reused while the host stays
// the same); CONNECT opens a tunnel (see tunnel.cpp).
#include "proxy/server/exchange.hpp"
#include "proxy/server/session.hpp"

namespace octobot::proxy {
namespace {

struct Upstream {
  Destination destination;
  tcp::socket socket;
  beast::flat_buffer buffer;
};

asio::awaitable<void> answer(Session& session, AccessEntry& entry, unsigned status, const std::string& message,
                             std::string decision) {
  entry.status = status;
  entry.decision = std::move(decision);
  entry.error = message;
  auto response = simple_response(status, "octobot-proxy: " + message, false);
  co_await asio::async_write(session.client, asio::buffer(response), use_tuple);
  session.runtime.access_log().write(entry);
}

unsigned status_for_read_error(const boost::system::error_code& error) {
  if (error == http::error::header_limit) return 431;
  if (error == http::error::end_of_stream || error == asio::error::eof || error == asio::error::operation_aborted ||
      error == asio::error::connection_reset || error == asio::error::bad_descriptor) {
    return 0;  // the client went away or timed out: nothing to answer
  }
  return 400;
}

// Forwards one absolute-form request. Returns true when the client connection may carry another request.
asio::awaitable<bool> forward(Session& session, http::request_parser<http::empty_body>& parser,
                              std::optional<Upstream>& upstream, AccessEntry& entry) {
  auto& request = parser.get();
  auto url = parse_absolute_http_url(request.target());
  if (!url) {
    co_await answer(session, entry, 400, "the request target must be an absolute http:// URL", "deny");
    co_return false;
  }
  const auto& destination = url->destination;
  entry.host = destination.host;
  entry.port = destination.port;
  entry.path = path_without_query(url->origin_target);
  auto policy = session.runtime.policy();
  if (!policy->host_allowed(destination.host)) {
    co_await answer(session, entry, 403, destination.host + " is not in the allowlist", "deny");
    co_return false;
  }
  entry.rule = policy->matching_pattern(destination.host);

  bool reusable = upstream && upstream->destination.host == destination.host &&
                  upstream->destination.port == destination.port && peer_still_open(upstream->socket);
  if (!reusable) {
    upstream.reset();
    auto dialed = co_await dial(destination.host, destination.port, *policy, session.runtime.limits().connect_timeout);
    if (!dialed) {
      bool denied = dialed.error().kind == DialFailure::Kind::denied;
      co_await answer(session, entry, denied ? 403 : 502, dialed.error().message, denied ? "deny" : "error");
      co_return false;
    }
    upstream.emplace(Upstream{destination, std::move(dialed->socket), {}});
  }
  session.upstream_socket = &upstream->socket;

  request.target(url->origin_target);
  if (request[http::field::host].empty()) request.set(http::field::host, authority_text(destination));
  ExchangeOptions options;
  options.rule = policy->rule_for(destination.host);
  options.inject_credentials = false;  // never put a secret on a cleartext connection
  options.header_limit = session.runtime.limits().header_limit;
  options.idle_timeout = session.runtime.limits().idle_timeout;
  entry.decision = "allow";
  auto outcome = co_await relay_exchange(session.client, session.buffer, parser, upstream->socket, upstream->buffer,
                                         options, session.watchdog, entry);
  session.upstream_socket = nullptr;
  entry.status = outcome.status;
  if (!outcome.response_started) {
    co_await answer(session, entry, 502, "upstream " + destination.host + " failed: " + outcome.error, "error");
    co_return false;
  }
  entry.error = outcome.error;
  session.runtime.access_log().write(entry);
  if (!outcome.keep_alive) upstream.reset();
  co_return outcome.keep_alive && outcome.error.empty();
}

}  // namespace

asio::awaitable<void> serve_http_proxy(Session& session) {
  const auto& limits = session.runtime.limits();
  std::optional<Upstream> upstream;
  for (;;) {
    session.watchdog.expire_after(limits.header_timeout);
    http::request_parser<http::empty_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
    parser.body_limit(boost::none);
    auto [error, bytes] = co_await http::async_read_header(session.client, session.buffer, parser, use_tuple);
    auto entry = session.new_entry("http");
    if (error) {
      if (auto status = status_for_read_error(error)) {
        co_await answer(session, entry, status, "malformed request: " + error.message(), "deny");
      }
      co_return;
    }
    entry.method = std::string(parser.get().method_string());
    if (parser.get().method() == http::verb::connect) {
      auto destination = parse_authority(parser.get().target());
      if (!destination) {
        co_await answer(session, entry, 400, "CONNECT needs host:port", "deny");
        co_return;
      }
      upstream.reset();
      co_return co_await open_tunnel(session, TunnelProtocol::connect, *destination);
    }
    if (!co_await forward(session, parser, upstream, entry)) co_return;
  }
}

}  // namespace octobot::proxy
