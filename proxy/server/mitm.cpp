// TLS interception for hosts with a rule: the upstream's certificate is
// verified before the client gets "200 Connection established"; the client
// gets a leaf certificate for the CONNECT host (whose SNI must agree); then
// each request is read and checked (read_request_header()), bound to the
// tunnel's destination (Host and target must name it: request_host.hpp),
// decided, rewritten (rule + credentials) and relayed.
#include "proxy/server/cached_objects.hpp"
#include "proxy/server/exchange.hpp"
#include "proxy/server/followed_redirect.hpp"
#include "proxy/server/request_header.hpp"
#include "proxy/server/request_host.hpp"
#include "proxy/server/session.hpp"
#include "proxy/server/upstream_connect.hpp"
#include "proxy/tls/leaf_certificates.hpp"

namespace octobot::proxy {
namespace {

asio::awaitable<void> answer(TlsSocket& client, unsigned status, const std::string& message) {
  auto response = simple_response(status, "octobot-proxy: " + message, false);
  co_await asio::async_write(client, asio::buffer(response), use_tuple);
}

struct MitmConnection {
  Session& session;
  const Destination& destination;
  TlsSocket& client;
  UpstreamTls upstream;
  beast::flat_buffer upstream_buffer;
  bool upstream_idle = true;  // no exchange in flight or cut short on `upstream`: it may serve another client
};

// Answers a request that will not be relayed, logs it; the connection ends.
asio::awaitable<bool> fail(MitmConnection& connection, AccessEntry& entry, unsigned status, std::string message,
                           std::string decision) {
  entry.status = status;
  entry.decision = std::move(decision);
  entry.error = message;
  co_await answer(connection.client, status, message);
  connection.session.runtime.access_log().write(entry);
  co_return false;
}

// The registry object a request names, when the cache should handle it:
// a body-less GET/HEAD by digest without a Range header.
std::optional<RegistryObject> cacheable_object(const Session& session,
                                               const http::request_parser<http::empty_body>& parser) {
  if (!session.runtime.registry_cache || !parser.is_done()) return std::nullopt;
  const auto& request = parser.get();
  if (request.count(http::field::range) > 0) return std::nullopt;
  return match_registry_object(request.method_string(), path_without_query(request.target()));
}

// One request on an intercepted connection; true when the connection goes on.
asio::awaitable<bool> serve_request(MitmConnection& connection, http::request_parser<http::empty_body>& parser,
                                    AccessEntry& entry) {
  auto& session = connection.session;
  const auto& host = connection.destination.host;
  auto policy = session.runtime.policy();
  if (!policy->host_allowed(host)) co_return co_await fail(connection, entry, 403, host + " is not in the allowlist", "deny");
  if (!connection.upstream || !connection.upstream->idle()) {
    release_upstream(session, connection.upstream);
    connection.upstream_buffer.clear();
    auto fresh = co_await connect_upstream_tls(session, connection.destination, *policy);
    if (!fresh) co_return co_await fail(connection, entry, 502, fresh.error(), "error");
    connection.upstream = std::move(*fresh);
  }
  ExchangeOptions options;
  options.rule = policy->rule_for(host);
  options.inject_credentials = true;
  options.header_limit = session.runtime.limits().header_limit;
  options.idle_timeout = session.runtime.limits().idle_timeout;
  entry.decision = "mitm";
  entry.rule = options.rule ? host : policy->matching_pattern(host);

  std::optional<Fill> fill;
  RedirectedRequest original;  // what following a held redirect needs of this request
  if (auto object = cacheable_object(session, parser)) {
    auto cached = co_await lookup_or_claim(connection.client, *session.runtime.registry_cache, *object,
                                           parser.get().keep_alive(), options.idle_timeout, fill, entry);
    if (cached != CacheOutcome::forward) {
      session.runtime.access_log().write(entry);
      co_return cached == CacheOutcome::served && parser.get().keep_alive();
    }
    options.on_response = [&fill](http::response_header<>& header) -> BodyTap {
      header.set("X-Cache", "MISS");
      if (!fill || header.result() != http::status::ok) {
        fill.reset();
        return {};
      }
      fill->set_content_type(std::string(header[http::field::content_type]));
      return [&fill](const char* data, std::size_t size) {
        if (fill && !fill->append({data, size})) fill.reset();
      };
    };
    options.hold_redirects = fill.has_value();
    original = {parser.get().keep_alive(), std::string(parser.get()[http::field::user_agent])};
  }

  connection.upstream_idle = false;
  auto outcome = co_await relay_exchange(connection.client, session.buffer, parser, *connection.upstream,
                                         connection.upstream_buffer, options, session.watchdog, entry);
  connection.upstream_idle = outcome.keep_alive && !outcome.upgraded && outcome.error.empty() &&
                             outcome.redirect.empty() && connection.upstream_buffer.size() == 0;
  if (!outcome.redirect.empty()) {
    release_upstream(session, connection.upstream);  // left in the middle of the redirect response
    connection.upstream_buffer.clear();
    outcome = co_await follow_redirect(session, connection.client, connection.destination, outcome.status,
                                       std::move(outcome.redirect), original, options, entry);
  }
  entry.status = outcome.status;
  if (fill && outcome.error.empty() && outcome.status == 200) {
    if (auto committed = fill->commit(); !committed) entry.error = "not cached: " + committed.error();
  }
  fill.reset();
  if (!outcome.response_started) {
    release_upstream(session, connection.upstream);
    co_return co_await fail(connection, entry, 502, "upstream " + host + " failed: " + outcome.error, "error");
  }
  if (!outcome.error.empty()) entry.error = outcome.error;
  session.runtime.access_log().write(entry);
  co_return outcome.keep_alive && !outcome.upgraded && outcome.error.empty();
}

asio::awaitable<void> serve_requests(MitmConnection& connection) {
  auto& session = connection.session;
  const auto& limits = session.runtime.limits();
  for (;;) {
    session.watchdog.expire_after(limits.header_timeout);
    http::request_parser<http::empty_body> parser;
    auto header = co_await read_request_header(connection.client, session.buffer, parser, limits);
    auto entry = session.new_entry("mitm");
    entry.method = std::string(parser.get().method_string());
    entry.host = connection.destination.host;
    entry.port = connection.destination.port;
    entry.path = path_without_query(parser.get().target());  // "" when the header did not parse
    if (!header) {
      const auto& refusal = header.error();
      if (refusal.status != 0) co_await fail(connection, entry, refusal.status, refusal.message, "deny");
      co_return;
    }
    // Host and target name the tunnel's destination, or the request goes nowhere.
    if (auto bound = bind_request_host(parser.get(), connection.destination, 443); !bound) {
      co_await fail(connection, entry, 400, bound.error(), "deny");
      co_return;
    }
    entry.path = path_without_query(parser.get().target());
    if (!co_await serve_request(connection, parser, entry)) co_return;
  }
}

// Keeps the upstream connection for the next client connection to the same
// destination when its last exchange ended cleanly.
void keep_upstream(MitmConnection& connection) {
  auto& session = connection.session;
  if (!connection.upstream || !connection.upstream_idle || session.watchdog.expired()) return;
  if (session.upstream_socket == &connection.upstream->next_layer()) session.upstream_socket = nullptr;
  UpstreamPool::of(session.client_socket->get_executor())
      .give(authority_text(connection.destination), std::move(connection.upstream));
}

}  // namespace

asio::awaitable<void> serve_mitm(Session& session, TunnelProtocol protocol, const Destination& destination,
                                 Expected<UpstreamTls, std::string> upstream, AccessEntry tunnel_entry,
                                 bool reply_sent) {
  auto context = session.runtime.leaf_certificates->server_context_for(destination.host);
  if (!upstream || !context) {
    tunnel_entry.status = 502;
    tunnel_entry.decision = "error";
    tunnel_entry.error = !upstream ? upstream.error() : "cannot issue a certificate for " + destination.host;
    if (!reply_sent) co_await send_tunnel_reply(session, protocol, TunnelReply::bad_gateway, tunnel_entry.error);
    session.runtime.access_log().write(tunnel_entry);
    co_return;
  }
  session.upstream_socket = &(*upstream)->next_layer();
  boost::system::error_code ignored;
  auto local = (*upstream)->next_layer().local_endpoint(ignored);
  if (!reply_sent && !co_await send_tunnel_reply(session, protocol, TunnelReply::established, "", &local)) co_return;

  TlsSocket client(std::move(session.client), *context);
  session.client_socket = &client.next_layer();
  session.watchdog.expire_after(session.runtime.limits().header_timeout);
  auto [handshake_error] = co_await client.async_handshake(asio::ssl::stream_base::server, use_tuple);
  if (handshake_error) {
    tunnel_entry.status = 200;
    tunnel_entry.decision = "mitm";
    tunnel_entry.error = "client TLS handshake failed: " + handshake_error.message();
    session.runtime.access_log().write(tunnel_entry);
  } else {
    MitmConnection connection{session, destination, client, std::move(*upstream), {}};
    co_await serve_requests(connection);
    keep_upstream(connection);
    session.upstream_socket = nullptr;
    // close_notify, so a body delimited by the end of the connection is not
    // taken for a truncation; bounded, the client need not answer.
    session.watchdog.expire_after(std::chrono::milliseconds(500));
    co_await client.async_shutdown(use_tuple);
  }
  session.client_socket = nullptr;
  session.upstream_socket = nullptr;
}

}  // namespace octobot::proxy
