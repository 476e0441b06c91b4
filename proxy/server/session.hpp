// One client connection on the proxy port, from the first byte to close.
//
// serve_client() reads the first bytes, decides the protocol (HTTP proxy
// request, CONNECT, SOCKS5; anything else is refused with a log line) and
// hands the connection to the matching front end. Each front end decides
// against the current policy before any upstream connection, writes one
// access-log entry per request or tunnel, and closes on any error.
#pragma once
#include "proxy/server/dialer.hpp"
#include "proxy/server/relay.hpp"
#include "proxy/server/runtime.hpp"
#include "proxy/server/target.hpp"

#include <memory>

namespace octobot::proxy {

struct Session {
  Session(Runtime& runtime, tcp::socket socket);

  Runtime& runtime;
  tcp::socket client;
  beast::flat_buffer buffer;  // bytes read from the client and not yet consumed
  std::string peer;           // "ip:port" of the client
  // The sockets the watchdog closes; they move into TLS streams during MITM.
  tcp::socket* client_socket = nullptr;
  tcp::socket* upstream_socket = nullptr;
  Watchdog watchdog;

  AccessEntry new_entry(std::string protocol) const;
};

asio::awaitable<void> serve_client(std::shared_ptr<Runtime> runtime, tcp::socket socket);

// Front ends (one file each).
asio::awaitable<void> serve_http_proxy(Session& session);
asio::awaitable<void> serve_socks5(Session& session);

// How a tunnel request gets its answer: an HTTP CONNECT reply or a SOCKS5 reply.
enum class TunnelProtocol { connect, socks5 };
enum class TunnelReply { established, denied, bad_gateway, bad_request };

// Writes the protocol's answer; false when the client is gone.
asio::awaitable<bool> send_tunnel_reply(Session& session, TunnelProtocol protocol, TunnelReply reply,
                                        const std::string& message, const tcp::endpoint* bound = nullptr);

// Shared by CONNECT and SOCKS5 once the destination is known: decide, dial,
// answer, then tunnel byte for byte or intercept (MITM) when the host has a
// rule and a CA is configured.
asio::awaitable<void> open_tunnel(Session& session, TunnelProtocol protocol, const Destination& destination);

// TLS interception over an upstream TLS connection (verified, or the reason
// it failed). `reply_sent` (SOCKS5): the client already got its success
// reply, so an upstream failure can only be logged and the connection closed.
// When the client leaves, an upstream connection whose last exchange ended
// cleanly is kept in the event loop's UpstreamPool for the next one.
asio::awaitable<void> serve_mitm(Session& session, TunnelProtocol protocol, const Destination& destination,
                                 Expected<std::unique_ptr<TlsSocket>, std::string> upstream, AccessEntry tunnel_entry,
                                 bool reply_sent);

// "HTTP/1.1 <status> ...": a complete small response (text/plain body).
std::string simple_response(unsigned status, std::string_view body, bool keep_alive);

}  // namespace octobot::proxy
