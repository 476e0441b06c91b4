// Verified TLS connections from the proxy to upstreams, inside interception.
//
// Contract:
// - start_upstream_tls() runs the client handshake over a dialed socket: SNI
//   and the name check for `host`, the session this upstream gave last time
//   offered for resumption, record buffers kept. From the start of the
//   handshake the session's watchdog closes the stream's socket
//   (session.upstream_socket points at it); on failure the pointer is cleared
//   and the reason names the verification error or the handshake error.
// - connect_upstream_tls() is dial() (policy, resolve once, SSRF checks) and
//   then start_upstream_tls().
// - release_upstream() clears session.upstream_socket and destroys the stream:
//   call it instead of resetting the pointer, so the watchdog never sees a
//   socket that is gone.
#pragma once
#include "proxy/server/session.hpp"
#include "proxy/server/upstream_pool.hpp"

namespace octobot::proxy {

asio::awaitable<Expected<UpstreamTls, std::string>> start_upstream_tls(Session& session, tcp::socket socket,
                                                                       const std::string& host);

asio::awaitable<Expected<UpstreamTls, std::string>> connect_upstream_tls(Session& session,
                                                                         const Destination& destination,
                                                                         const Policy& policy);

void release_upstream(Session& session, UpstreamTls& upstream);

}  // namespace octobot::proxy
