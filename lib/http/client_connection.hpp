// Internal to the HTTP client: one connection over TCP, TLS or a unix socket
// behind a single interface, with a deadline on every operation.
//
// Contract: connect_to() resolves, connects and (for https) performs the TLS
// handshake with SNI and, when verify_peer, chain and host-name verification,
// all within connect_timeout. Each read/write call arms its own deadline; an
// expired deadline closes the connection and reports beast::error::timeout.
// Not thread-safe: one coroutine uses a connection at a time.
#pragma once
#include "lib/http/client_endpoint.hpp"
#include "lib/http/client_types.hpp"

#include <boost/asio/awaitable.hpp>
#include <memory>

namespace octobot::http {

class ClientConnection {
 public:
  virtual ~ClientConnection() = default;
  virtual asio::awaitable<beast::error_code> write(Request& request, std::chrono::milliseconds timeout) = 0;
  virtual asio::awaitable<beast::error_code> read_header(ResponseParser& parser, std::chrono::milliseconds timeout) = 0;
  virtual asio::awaitable<beast::error_code> read_some(ResponseParser& parser, std::chrono::milliseconds timeout) = 0;
  // Closes the socket; pending operations complete with an error.
  virtual void close() = 0;
  // For a pooled connection: false when the peer has closed it (or, on plain
  // connections, sent bytes nobody asked for), so it must not be reused.
  virtual bool usable_when_idle() = 0;
};

asio::awaitable<Expected<std::unique_ptr<ClientConnection>, ClientError>> connect_to(
    const asio::any_io_executor& executor, const Endpoint& endpoint, const ClientOptions& options,
    asio::ssl::context* tls_context);  // required for https

// "after 200ms"
std::string describe_timeout(std::chrono::milliseconds timeout);

}  // namespace octobot::http
