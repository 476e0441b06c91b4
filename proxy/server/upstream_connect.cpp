#include "proxy/server/upstream_connect.hpp"

#include "proxy/tls/upstream_sessions.hpp"
#include "proxy/tls/upstream_tls.hpp"

namespace octobot::proxy {

asio::awaitable<Expected<UpstreamTls, std::string>> start_upstream_tls(Session& session, tcp::socket socket,
                                                                       const std::string& host) {
  auto stream = std::make_unique<TlsSocket>(std::move(socket), *session.runtime.upstream_tls);
  prepare_upstream_ssl(stream->native_handle(), host);
  boost::system::error_code ignored;
  auto port = stream->next_layer().remote_endpoint(ignored).port();
  session.runtime.upstream_sessions->offer(stream->native_handle(), host + ":" + std::to_string(port));
  session.upstream_socket = &stream->next_layer();
  session.watchdog.expire_after(session.runtime.limits().connect_timeout);
  auto [error] = co_await stream->async_handshake(asio::ssl::stream_base::client, use_tuple);
  if (!error) co_return std::move(stream);
  session.upstream_socket = nullptr;
  auto reason = upstream_verify_failure(stream->native_handle());
  if (reason.empty()) reason = "TLS handshake with " + host + " failed: " + error.message();
  co_return reason;
}

asio::awaitable<Expected<UpstreamTls, std::string>> connect_upstream_tls(Session& session,
                                                                         const Destination& destination,
                                                                         const Policy& policy) {
  auto dialed = co_await dial(destination.host, destination.port, policy, session.runtime.limits().connect_timeout);
  if (!dialed) co_return dialed.error().message;
  co_return co_await start_upstream_tls(session, std::move(dialed->socket), destination.host);
}

void release_upstream(Session& session, UpstreamTls& upstream) {
  if (upstream && session.upstream_socket == &upstream->next_layer()) session.upstream_socket = nullptr;
  upstream.reset();
}

}  // namespace octobot::proxy
