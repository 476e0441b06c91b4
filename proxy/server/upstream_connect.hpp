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

#include <memory>

namespace octobot::proxy {

using UpstreamTls = std::unique_ptr<TlsStream>;

asio::awaitable<Expected<UpstreamTls, std::string>> start_upstream_tls(Session& session, tcp::socket socket,
                                                                       const std::string& host);

asio::awaitable<Expected<UpstreamTls, std::string>> connect_upstream_tls(Session& session,
                                                                         const Destination& destination,
                                                                         const Policy& policy);

void release_upstream(Session& session, UpstreamTls& upstream);

// Asio asks OpenSSL to free a connection's record buffers after every record
// (SSL_MODE_RELEASE_BUFFERS); on a busy connection that is a 17 KiB malloc and
// free per record. Intercepted connections keep them (~35 KiB per side).
inline void keep_record_buffers(TlsStream& stream) {
  SSL_clear_mode(stream.native_handle(), SSL_MODE_RELEASE_BUFFERS);
}

}  // namespace octobot::proxy
