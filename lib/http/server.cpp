#include "lib/http/server.hpp"

#include "lib/http/exchange.hpp"
#include "lib/http/json.hpp"
#include "lib/http/request_framing.hpp"
#include "lib/log/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <atomic>
#include <random>

namespace octobot::http {

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
namespace bhttp = beast::http;

// Request ids: a random per-process prefix and a counter; an incoming
// X-Request-Id of sane shape is kept so ids follow a request across services.
std::string next_request_id() {
  static const std::string prefix = [] {
    std::random_device device;
    char buffer[9];
    std::snprintf(buffer, sizeof buffer, "%08x", device());
    return std::string(buffer);
  }();
  static std::atomic<std::uint64_t> counter{0};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s-%llx", prefix.c_str(),
                static_cast<unsigned long long>(counter.fetch_add(1, std::memory_order_relaxed)));
  return buffer;
}

std::string request_id_for(const Request& request) {
  std::string_view given = request["X-Request-Id"];
  bool sane = !given.empty() && given.size() <= 64 && std::all_of(given.begin(), given.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  return sane ? std::string(given) : next_request_id();
}

// Maps a parse failure to the response the client gets before we close.
ApiError parse_error(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) {
    return {Status::request_header_fields_too_large, "headers_too_large", "the request headers are too large"};
  }
  if (ec == bhttp::error::body_limit) {
    return ApiError::payload_too_large("the request body is larger than this route accepts");
  }
  return ApiError::bad_request("malformed HTTP request: " + ec.message(), "bad_http");
}

bool is_silent_close(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::operation_aborted ||
         ec == beast::error::timeout || ec == asio::error::connection_reset || ec == asio::error::bad_descriptor;
}

Response internal_error(const Route& route, const Exchange& exchange, const std::exception& e) {
  log::error("handler failed", nlohmann::json{{"route", route.pattern}, {"requestId", exchange.request_id()}, {"error", e.what()}});
  return error_response(ApiError::internal("internal error; see the server log for request " + exchange.request_id()));
}

}  // namespace

// A share of the server's budget for request bodies held in memory; given
// back when the request is done.
class Server::BodyReservation {
 public:
  explicit BodyReservation(std::atomic<std::size_t>& total) : total_(total) {}
  ~BodyReservation() { total_.fetch_sub(bytes_, std::memory_order_relaxed); }
  BodyReservation(const BodyReservation&) = delete;
  BodyReservation& operator=(const BodyReservation&) = delete;

  // Reserves `bytes` unless that takes the total over `limit`.
  bool take(std::size_t bytes, std::size_t limit) {
    std::size_t before = total_.fetch_add(bytes, std::memory_order_relaxed);
    if (before + bytes > limit) {
      total_.fetch_sub(bytes, std::memory_order_relaxed);
      return false;
    }
    bytes_ += bytes;
    return true;
  }

 private:
  std::atomic<std::size_t>& total_;
  std::size_t bytes_ = 0;
};

class Server::Connection {
 public:
  explicit Connection(Protocol::socket socket) : stream(std::move(socket)) {}

  Stream stream;
  beast::flat_buffer buffer;
  asio::cancellation_signal cancel;
  bool idle = true;           // waiting for the next request
  bool stream_taken = false;  // a handler owns the connection (SSE, WebSocket)
};

Server::Server(asio::io_context& io, Router router, ServerOptions options)
    : io_(io),
      router_(std::move(router)),
      options_(std::move(options)),
      acceptor_(asio::make_strand(io)),
      drain_timer_(asio::make_strand(io)) {}

Server::~Server() = default;

asio::ip::tcp::endpoint Server::listen(const asio::ip::tcp::endpoint& endpoint) {
  Protocol::endpoint generic(endpoint);
  acceptor_.open(generic.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(generic);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  tcp_ = true;
  return *to_tcp_endpoint(acceptor_.local_endpoint());
}

Expected<void, std::string> Server::listen_unix(const std::string& path) {
  if (auto ready = prepare_unix_socket_path(path); !ready) return ready.error();
  Protocol::endpoint endpoint{asio::local::stream_protocol::endpoint(path)};
  beast::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (ec) {
    std::string error = "cannot listen on " + path + ": " + ec.message();
    acceptor_.close(ec);
    return error;
  }
  // Restricted before listen(): until then no client can connect at all.
  auto owned = OwnedSocketFile::claim(path);
  if (owned) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (!owned || ec) {
    std::string error = owned ? "cannot listen on " + path + ": " + ec.message() : owned.error();
    acceptor_.close(ec);
    return error;  // a claimed file is removed with `owned`
  }
  socket_file_ = std::move(*owned);
  return {};
}

void Server::start() {
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached);
}

std::size_t Server::open_connections() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

asio::awaitable<void> Server::accept_loop() {
  while (!stopping_) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(io_), kTuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
      log::warn("accept failed", nlohmann::json{{"error", ec.message()}});
      continue;  // e.g. EMFILE: keep serving the connections we have
    }
    beast::error_code ignored;
    if (open_connections() >= options_.max_connections) {
      log::warn("connection refused: too many open connections",
                nlohmann::json{{"limit", options_.max_connections}});
      socket.close(ignored);
      continue;
    }
    if (tcp_) socket.set_option(asio::ip::tcp::no_delay(true), ignored);
    auto connection = std::make_shared<Connection>(std::move(socket));
    track(connection);
    asio::co_spawn(connection->stream.get_executor(), serve(connection),
                   asio::bind_cancellation_slot(connection->cancel.slot(), asio::detached));
  }
}

void Server::track(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex_);
  connections_.push_back(connection);
}

void Server::untrack(const Connection& connection) {
  std::lock_guard lock(mutex_);
  connections_.remove_if([&](const auto& c) { return c.get() == &connection; });
  if (stopping_ && connections_.empty()) {
    asio::post(drain_timer_.get_executor(), [this] { drain_timer_.cancel(); });
  }
}

asio::awaitable<void> Server::serve(std::shared_ptr<Connection> connection) {
  try {
    while (co_await serve_one(*connection)) {
    }
  } catch (const std::exception& e) {
    log::error("connection failed", nlohmann::json{{"error", e.what()}});
  }
  beast::error_code ignored;
  connection->stream.socket().shutdown(Protocol::socket::shutdown_both, ignored);
  connection->stream.socket().close(ignored);
  // Runs on the connection's strand; untrack takes the server lock.
  untrack(*connection);
}

asio::awaitable<bool> Server::serve_one(Connection& connection) {
  auto& stream = connection.stream;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options_.header_limit));
  // Beast checks Content-Length against the body limit as soon as the header
  // is parsed; the route's limit is applied in read_body, after the middleware.
  parser.body_limit(boost::none);

  connection.idle = true;
  if (stopping_) co_return false;
  stream.expires_after(options_.header_timeout);
  auto [read_ec, header_bytes] = co_await bhttp::async_read_header(stream, connection.buffer, parser, kTuple);
  (void)header_bytes;
  connection.idle = false;
  if (read_ec) {
    if (is_silent_close(read_ec) || (connection.buffer.size() == 0 && read_ec == bhttp::error::partial_message)) {
      co_return false;
    }
    co_return co_await write_and_close(connection, parse_error(read_ec));
  }
  Request& request = parser.get();  // the header only: the body is read after the middleware
  if (auto problem = framing_problem(request)) {
    co_return co_await write_and_close(connection, ApiError::bad_request(*problem, "bad_framing"));
  }

  auto started = std::chrono::steady_clock::now();
  std::string request_id = request_id_for(request);
  RequestRecord record{"unmatched", request.method(), 0, {}, request_id};
  RouteMatch match = router_.match(request.method(), request.target());
  if (!match.route) {
    Response response = error_response(match.method_not_allowed
                                           ? ApiError{Status::method_not_allowed, "method_not_allowed",
                                                      "this path does not accept " + std::string(request.method_string())}
                                           : ApiError::not_found("no such route: " + std::string(request.target())));
    co_return co_await respond(connection, response, parser, record, started);
  }
  const Route& route = *match.route;
  record.route = route.pattern;
  Exchange exchange(request, std::move(match.params), request_id, route.pattern, stream, connection.stream_taken);
  BodyReservation reservation(buffered_body_bytes_);
  Response response;
  if (auto early = co_await run_middleware(route, exchange)) {
    response = std::move(*early);
  } else if (auto refused = co_await read_body(connection, parser, route.options.body_limit, reservation)) {
    if (refused->status == Status::request_timeout) co_return false;  // the client went away mid-body
    co_return co_await write_and_close(connection, *refused);
  } else {
    response = co_await run_handler(route, exchange);
    if (connection.stream_taken) co_return false;  // the handler owned the connection and is done with it
  }
  co_return co_await respond(connection, response, parser, record, started);
}

asio::awaitable<bool> Server::write_and_close(Connection& connection, const ApiError& error) {
  Response response = error_response(error);
  response.keep_alive(false);
  connection.stream.expires_after(options_.write_timeout);
  co_await bhttp::async_write(connection.stream, response, kTuple);
  co_return false;
}

asio::awaitable<std::optional<ApiError>> Server::read_body(Connection& connection, Parser& parser, std::size_t limit,
                                                           BodyReservation& reservation) {
  if (parser.is_done()) co_return std::nullopt;
  auto length = parser.content_length();
  if (limit == 0) co_return ApiError::payload_too_large("this route takes no request body");
  if (length && *length > limit) {
    co_return ApiError::payload_too_large("the request body is " + std::to_string(*length) +
                                          " bytes; this route accepts at most " + std::to_string(limit));
  }
  if (!reservation.take(length.value_or(limit), options_.body_memory_limit)) {
    co_return ApiError::unavailable("the server is receiving too many request bodies at once; retry shortly");
  }
  parser.body_limit(limit);
  auto& stream = connection.stream;
  if (beast::iequals(parser.get()[Field::expect], "100-continue")) {
    bhttp::response<bhttp::empty_body> proceed{Status::continue_, parser.get().version()};
    stream.expires_after(options_.write_timeout);
    co_await bhttp::async_write(stream, proceed, kTuple);
  }
  stream.expires_after(options_.body_timeout);
  auto [body_ec, body_bytes] = co_await bhttp::async_read(stream, connection.buffer, parser, kTuple);
  (void)body_bytes;
  if (!body_ec) co_return std::nullopt;
  if (is_silent_close(body_ec)) co_return ApiError{Status::request_timeout, "gone", "the client went away"};
  co_return parse_error(body_ec);
}

asio::awaitable<bool> Server::respond(Connection& connection, Response& response, const Parser& parser,
                                      RequestRecord& record, std::chrono::steady_clock::time_point started) {
  finish_response(response, parser.get(), record.request_id);
  // A body left unread would be taken for the next request: close instead.
  if (!parser.is_done()) response.keep_alive(false);
  connection.stream.expires_after(options_.write_timeout);
  auto [write_ec, written] = co_await bhttp::async_write(connection.stream, response, kTuple);
  (void)written;
  if (options_.on_request) {
    record.status = response.result_int();
    record.duration = std::chrono::steady_clock::now() - started;
    options_.on_request(record);
  }
  co_return !write_ec && response.keep_alive();
}

asio::awaitable<std::optional<Response>> Server::run_middleware(const Route& route, Exchange& exchange) {
  try {
    for (const Middleware& middleware : route.options.middleware) {
      if (auto early = co_await middleware(exchange)) co_return std::move(*early);
    }
    co_return std::nullopt;
  } catch (const std::exception& e) {
    co_return internal_error(route, exchange, e);
  }
}

asio::awaitable<Response> Server::run_handler(const Route& route, Exchange& exchange) {
  try {
    co_return co_await route.handler(exchange);
  } catch (const std::exception& e) {
    co_return internal_error(route, exchange, e);
  }
}

void Server::finish_response(Response& response, const Request& request, std::string_view request_id) const {
  response.version(request.version());
  response.keep_alive(request.keep_alive() && !stopping_);
  response.set("X-Request-Id", request_id);
  for (const auto& [name, value] : options_.default_headers) {
    if (response.find(name) == response.end()) response.set(name, value);
  }
  if (request.method() == Method::head) {
    auto length = response.body().size();
    response.body().clear();
    response.content_length(length);
  } else if (!response.has_content_length() && !response.chunked()) {
    response.prepare_payload();
  }
}

void Server::shutdown() {
  if (stopping_.exchange(true)) return;
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
  socket_file_.remove();
  std::lock_guard lock(mutex_);
  for (const auto& connection : connections_) {
    asio::post(connection->stream.get_executor(), [connection] {
      // Idle and streaming connections stop now; a busy one finishes its
      // response and then closes because stopping_ turns keep-alive off.
      if (connection->idle || connection->stream_taken) {
        connection->cancel.emit(asio::cancellation_type::terminal);
        beast::error_code ignored;
        connection->stream.socket().cancel(ignored);
      }
    });
  }
  if (connections_.empty()) return;
  asio::post(drain_timer_.get_executor(), [this] {
    drain_timer_.expires_after(options_.drain_timeout);
    drain_timer_.async_wait([this](beast::error_code ec) {
      if (ec) return;  // everything drained in time
      std::lock_guard lock(mutex_);
      for (const auto& connection : connections_) {
        asio::post(connection->stream.get_executor(), [connection] {
          beast::error_code ignored;
          connection->stream.socket().close(ignored);
        });
      }
    });
  });
}

}  // namespace octobot::http
