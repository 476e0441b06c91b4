// HTTP/1.1 client on Asio C++20 coroutines over TCP, TLS and unix sockets
// (Docker Engine API on /var/run/docker.sock, the in-container agent API,
// tests and the CLI).
//
// Contract of Client:
// - Bound to one executor and one Endpoint. Use it from one strand; several
//   coroutines may call send()/open() concurrently, each gets a connection.
// - Requests are completed before sending: HTTP/1.1, Host (when absent) from
//   the endpoint, Content-Length from the body, target "/" when empty.
// - send() reads the whole body (up to body_limit) and keeps the connection
//   alive for the next request when both sides allow it (at most
//   max_idle_connections are kept). A pooled connection found closed by the
//   peer is dropped before use; if a reused connection still fails before any
//   response byte, the request is retried once on a new connection, provided
//   it cannot have been processed (the write failed) or its method is
//   idempotent (GET, HEAD, PUT, DELETE, OPTIONS, TRACE).
// - open() returns as soon as the response header has arrived; the body is
//   read through the ResponseStream (its connection is not pooled).
// - https verifies the certificate chain and host name by default, with SNI.
// - Failures are values (ClientError); nothing throws except on allocation
//   failure. Any HTTP status, including 4xx/5xx, is a successful exchange.
// - Destroying the client closes idle connections; it must not be destroyed
//   while one of its operations is in progress. Streams stay valid.
#pragma once
#include "lib/http/client_endpoint.hpp"
#include "lib/http/client_stream.hpp"
#include "lib/http/client_types.hpp"

#include <memory>
#include <vector>

namespace octobot::http {

class ClientConnection;

class Client {
 public:
  Client(asio::any_io_executor executor, Endpoint endpoint, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  asio::awaitable<Expected<Response, ClientError>> send(Request request);
  asio::awaitable<Expected<ResponseStream, ClientError>> open(Request request);

  const Endpoint& endpoint() const { return endpoint_; }
  std::size_t idle_connections() const { return idle_.size(); }

 private:
  void prepare(Request& request) const;
  asio::awaitable<Expected<ResponseStream, ClientError>> exchange(Request& request);
  asio::awaitable<Expected<std::string, ClientError>> read_body(ResponseStream& stream);
  void keep_idle(std::unique_ptr<ClientConnection> connection);

  asio::any_io_executor executor_;
  Endpoint endpoint_;
  ClientOptions options_;
  std::unique_ptr<asio::ssl::context> default_tls_context_;
  std::vector<std::unique_ptr<ClientConnection>> idle_;
};

// Percent-encodes a query value: everything but letters, digits and "-_.~" ("a b/ü" → "a%20b%2F%C3%BC").
std::string query_escape(std::string_view value);

// A request with the given method, target, body and extra headers.
Request make_request(Method method, std::string target, std::string body = {}, const Headers& headers = {});

// Blocking convenience for tests and the CLI: one request to `url_base` (see
// Endpoint) on a private io_context. Do not call from inside an io_context.
Expected<Response, ClientError> fetch(const std::string& url_base, Method method, std::string target,
                                      std::string body = {}, const Headers& headers = {},
                                      const ClientOptions& options = {});

}  // namespace octobot::http
