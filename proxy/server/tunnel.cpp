// CONNECT and SOCKS5 tunnels: decide, dial the checked address, answer, then
// relay bytes (or hand over to MITM for hosts with a rule, over a kept
// upstream connection when the event loop has one for the destination).
#include "proxy/protocol/socks5.hpp"
#include "proxy/server/session.hpp"
#include "proxy/server/upstream_connect.hpp"

#include <sys/socket.h>

namespace octobot::proxy {
namespace {

unsigned http_status(TunnelReply reply) {
  switch (reply) {
    case TunnelReply::established: return 200;
    case TunnelReply::denied: return 403;
    case TunnelReply::bad_gateway: return 502;
    case TunnelReply::bad_request: return 400;
  }
  return 500;
}

Socks5Reply socks5_code(TunnelReply reply) {
  switch (reply) {
    case TunnelReply::established: return Socks5Reply::succeeded;
    case TunnelReply::denied: return Socks5Reply::not_allowed_by_ruleset;
    case TunnelReply::bad_gateway: return Socks5Reply::host_unreachable;
    case TunnelReply::bad_request: return Socks5Reply::general_failure;
  }
  return Socks5Reply::general_failure;
}

bool wants_interception(const Session& session, const Policy& policy, const std::string& host) {
  return session.runtime.leaf_certificates && policy.rule_for(host) != nullptr;
}

// SOCKS5 clients may speak anything after the reply: true when the first
// byte they send starts a TLS handshake (peeked, so the handshake still sees it).
asio::awaitable<bool> client_starts_tls(Session& session) {
  session.watchdog.expire_after(session.runtime.limits().header_timeout);
  if (session.buffer.size() > 0) co_return *static_cast<const std::uint8_t*>(session.buffer.data().data()) == 0x16;
  auto [error] = co_await session.client.async_wait(tcp::socket::wait_read, use_tuple);
  if (error) co_return false;
  std::uint8_t first = 0;
  auto peeked = ::recv(session.client.native_handle(), &first, 1, MSG_PEEK | MSG_DONTWAIT);
  co_return peeked == 1 && first == 0x16;
}

// Relays bytes between the client and the upstream once the reply was sent.
asio::awaitable<void> relay_tunnel(Session& session, tcp::socket& upstream, AccessEntry& entry) {
  entry.status = 200;
  entry.decision = "tunnel";
  // Bytes the client sent right after its request (e.g. an early ClientHello).
  entry.bytes_up += session.buffer.size();
  auto [error, written] = co_await asio::async_write(upstream, session.buffer.data(), use_tuple);
  session.buffer.consume(session.buffer.size());
  if (!error) {
    RelayCounters counters;
    co_await relay_bytes(session.client, upstream, session.watchdog, session.runtime.limits().idle_timeout, counters);
    entry.bytes_up += counters.up;
    entry.bytes_down += counters.down;
  }
  if (session.watchdog.expired()) entry.error = "idle timeout";
}

}  // namespace

asio::awaitable<bool> send_tunnel_reply(Session& session, TunnelProtocol protocol, TunnelReply reply,
                                        const std::string& message, const tcp::endpoint* bound) {
  std::string bytes;
  if (protocol == TunnelProtocol::socks5) {
    auto encoded = socks5_reply(socks5_code(reply), bound);
    bytes.assign(encoded.begin(), encoded.end());
  } else if (reply == TunnelReply::established) {
    bytes = "HTTP/1.1 200 Connection established\r\n\r\n";
  } else {
    bytes = simple_response(http_status(reply), "octobot-proxy: " + message, false);
  }
  auto [error, written] = co_await asio::async_write(session.client, asio::buffer(bytes), use_tuple);
  co_return !error;
}

// Answers a tunnel request that will not be served, and logs it.
static asio::awaitable<void> refuse(Session& session, TunnelProtocol protocol, AccessEntry& entry, TunnelReply reply,
                                    std::string message, std::string decision) {
  entry.status = http_status(reply);
  entry.decision = std::move(decision);
  entry.error = message;
  co_await send_tunnel_reply(session, protocol, reply, message);
  session.runtime.access_log().write(entry);
}

asio::awaitable<void> open_tunnel(Session& session, TunnelProtocol protocol, const Destination& destination) {
  auto entry = session.new_entry(protocol == TunnelProtocol::socks5 ? "socks5" : "connect");
  entry.method = "CONNECT";
  entry.host = destination.host;
  entry.port = destination.port;
  auto policy = session.runtime.policy();
  if (!policy->host_allowed(destination.host)) {
    co_return co_await refuse(session, protocol, entry, TunnelReply::denied, destination.host + " is not in the allowlist", "deny");
  }
  entry.rule = policy->matching_pattern(destination.host);
  bool intercept = wants_interception(session, *policy, destination.host);
  if (intercept && protocol == TunnelProtocol::connect) {
    if (auto kept = UpstreamPool::of(session.client.get_executor()).take(authority_text(destination), *policy)) {
      entry.rule = destination.host;
      co_return co_await serve_mitm(session, protocol, destination, std::move(kept), std::move(entry), false);
    }
  }
  auto dialed = co_await dial(destination.host, destination.port, *policy, session.runtime.limits().connect_timeout);
  if (!dialed) {
    bool denied = dialed.error().kind == DialFailure::Kind::denied;
    co_return co_await refuse(session, protocol, entry, denied ? TunnelReply::denied : TunnelReply::bad_gateway, dialed.error().message,
                              denied ? "deny" : "error");
  }
  if (intercept) entry.rule = destination.host;
  tcp::socket upstream = std::move(dialed->socket);
  if (intercept && protocol == TunnelProtocol::connect) {
    auto verified = co_await start_upstream_tls(session, std::move(upstream), destination.host);
    co_return co_await serve_mitm(session, protocol, destination, std::move(verified), std::move(entry), false);
  }
  session.upstream_socket = &upstream;
  boost::system::error_code ignored;
  auto local = upstream.local_endpoint(ignored);
  if (!co_await send_tunnel_reply(session, protocol, TunnelReply::established, "", &local)) {
    session.upstream_socket = nullptr;
    co_return;
  }
  if (intercept && co_await client_starts_tls(session)) {
    auto verified = co_await start_upstream_tls(session, std::move(upstream), destination.host);
    co_return co_await serve_mitm(session, protocol, destination, std::move(verified), std::move(entry), true);
  }
  co_await relay_tunnel(session, upstream, entry);
  session.upstream_socket = nullptr;
  session.runtime.access_log().write(entry);
}

}  // namespace octobot::proxy
