// HTTP proxy requests on the proxy port: absolute-form requests are forwarded
// (plain HTTP, keep-alive, one upstream connection reused while the host stays
// the same) with Host bound to the URL's authority (request_host.hpp); CONNECT
// opens a tunnel (see tunnel.cpp). Headers are read and checked by
// read_request_header(); a refused one is answered 400/431 and closes.
#include "proxy/server/exchange.hpp"
#include "proxy/server/request_header.hpp"
#include "proxy/server/request_host.hpp"
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

// What the access log can tell of a refused request: its method and, for an
// absolute-form target, host, port and path.
void log_target(AccessEntry& entry, const http::request_header<>& request) {
  entry.method = std::string(request.method_string());
  if (auto url = parse_absolute_http_url(request.target())) {
    entry.host = url->destination.host;
    entry.port = url->destination.port;
    entry.path = path_without_query(url->origin_target);
  }
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
  if (auto bound = bind_request_host(request, destination, 80); !bound) {
    co_await answer(session, entry, 400, bound.error(), "deny");
    co_return false;
  }
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
    auto header = co_await read_request_header(session.client, session.buffer, parser, limits);
    auto entry = session.new_entry("http");
    if (!header) {
      if (header.error().status != 0) {
        log_target(entry, parser.get());
        co_await answer(session, entry, header.error().status, header.error().message, "deny");
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
