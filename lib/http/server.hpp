// HTTP/1.1 server on Asio C++20 coroutines.
//
// It listens on TCP (listen) or on a unix-domain stream socket (listen_unix);
// call one of them once, before start(). Handlers see the same Exchange and
// Stream either way.
//
// One coroutine per connection on its own strand; keep-alive; every read and
// write has a deadline (header_timeout covers an idle keep-alive wait plus the
// whole header, so slow senders cannot hold a connection); header and body size
// limits (the body limit is the matched route's); errors are answered with the
// JSON error envelope. shutdown() stops accepting, closes idle connections,
// lets in-flight requests finish (their connection closes afterwards), closes
// taken streams, and force-closes anything left after drain_timeout.
#pragma once
#include "lib/http/json.hpp"
#include "lib/http/router.hpp"
#include "lib/http/unix_socket_file.hpp"
#include "lib/result.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>

namespace octobot::http {

struct RequestRecord {
  std::string_view route;  // the matched pattern, or "unmatched"
  Method method;
  unsigned status;
  std::chrono::nanoseconds duration;
  std::string_view request_id;
};

struct ServerOptions {
  std::size_t header_limit = 16 * 1024;
  std::chrono::seconds header_timeout{30};
  std::chrono::seconds body_timeout{60};
  std::chrono::seconds write_timeout{60};
  std::chrono::seconds drain_timeout{10};
  // Connections beyond this many are closed as soon as they are accepted.
  std::size_t max_connections = 1024;
  // Request bodies being read or handled at once may hold at most this many
  // bytes in all (a chunked body counts as its route's limit); beyond it, 503.
  std::size_t body_memory_limit = 256 * 1024 * 1024;
  // Called after each response is written (metrics, access logging). Must be cheap.
  std::function<void(const RequestRecord&)> on_request;
  // Extra headers added to every response (e.g. security headers).
  std::vector<std::pair<std::string, std::string>> default_headers;
};

class Server {
 public:
  Server(asio::io_context& io, Router router, ServerOptions options = {});
  ~Server();

  // Binds and listens; port 0 picks a free port. Returns the bound endpoint.
  // Throws boost::system::system_error when the address cannot be bound.
  asio::ip::tcp::endpoint listen(const asio::ip::tcp::endpoint& endpoint);
  // Binds a unix-domain stream socket at `path` (absolute) and listens. Refuses
  // a path that exists and is not a socket (left intact) or that another server
  // accepts on; replaces a stale socket file. The socket has mode 0600 before
  // it accepts anyone; shutdown() and the destructor remove the file (if it is
  // still this server's). Errors are messages naming the path.
  Expected<void, std::string> listen_unix(const std::string& path);
  // Starts accepting on the io_context given at construction.
  void start();
  // Graceful shutdown; safe to call from any thread, more than once. Removes
  // the unix socket file at once, so new clients fail to connect.
  void shutdown();

  std::size_t open_connections() const;

 private:
  class Connection;
  class BodyReservation;
  using Parser = beast::http::request_parser<beast::http::string_body>;
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(std::shared_ptr<Connection> connection);
  // Reads one request and answers it; false when the connection must close.
  asio::awaitable<bool> serve_one(Connection& connection);
  asio::awaitable<bool> write_and_close(Connection& connection, const ApiError& error);
  // Reads the body unless the request is refused (the error to answer with).
  asio::awaitable<std::optional<ApiError>> read_body(Connection& connection, Parser& parser, std::size_t limit,
                                                     BodyReservation& reservation);
  // Writes the response; false when the connection must close.
  asio::awaitable<bool> respond(Connection& connection, Response& response, const Parser& parser,
                                RequestRecord& record, std::chrono::steady_clock::time_point started);
  asio::awaitable<std::optional<Response>> run_middleware(const Route& route, Exchange& exchange);
  asio::awaitable<Response> run_handler(const Route& route, Exchange& exchange);
  void finish_response(Response& response, const Request& request, std::string_view request_id) const;
  void track(const std::shared_ptr<Connection>& connection);
  void untrack(const Connection& connection);

  asio::io_context& io_;
  Router router_;
  ServerOptions options_;
  asio::basic_socket_acceptor<Protocol> acceptor_;
  bool tcp_ = false;             // listening on TCP (sets TCP_NODELAY on accepted sockets)
  OwnedSocketFile socket_file_;  // the unix socket file, when listening on one
  asio::steady_timer drain_timer_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> buffered_body_bytes_{0};
  mutable std::mutex mutex_;
  std::list<std::shared_ptr<Connection>> connections_;
};

}  // namespace octobot::http
