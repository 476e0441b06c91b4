#include "lib/http/client.hpp"

#include "lib/http/client_connection.hpp"

#include <cctype>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <exception>
#include <optional>

namespace octobot::http {
namespace {

bool idempotent(Method method) {
  return method == Method::get || method == Method::head || method == Method::put || method == Method::delete_ ||
         method == Method::options || method == Method::trace;
}

// Whether a failure on a reused connection allows sending the request again.
bool retryable(const ClientError& error, Method method) {
  return error.code == ClientError::Code::write || (error.code == ClientError::Code::closed && idempotent(method));
}

std::unique_ptr<asio::ssl::context> system_tls_context() {
  auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  context->set_default_verify_paths();
  return context;
}

}  // namespace

Client::Client(asio::any_io_executor executor, Endpoint endpoint, ClientOptions options)
    : executor_(std::move(executor)), endpoint_(std::move(endpoint)), options_(std::move(options)) {
  if (endpoint_.tls() && options_.tls_context == nullptr) {
    default_tls_context_ = system_tls_context();
    options_.tls_context = default_tls_context_.get();
  }
}

Client::~Client() {
  for (auto& connection : idle_) connection->close();
}

void Client::prepare(Request& request) const {
  request.version(11);
  if (request.target().empty()) request.target("/");
  if (request.find(Field::host) == request.end()) request.set(Field::host, endpoint_.host_header());
  request.prepare_payload();
}

asio::awaitable<Expected<ResponseStream, ClientError>> Client::exchange(Request& request) {
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<ClientConnection> connection;
    while (attempt == 0 && !connection && !idle_.empty()) {
      connection = std::move(idle_.back());
      idle_.pop_back();
      if (!connection->usable_when_idle()) connection.reset();  // closes it
    }
    const bool reused = connection != nullptr;
    if (!connection) {
      auto connected = co_await connect_to(executor_, endpoint_, options_, options_.tls_context);
      if (!connected) co_return connected.error();
      connection = std::move(*connected);
    }
    auto stream = co_await ResponseStream::start(std::move(connection), request, options_, endpoint_.to_string());
    if (stream || !reused || !retryable(stream.error(), request.method())) co_return std::move(stream);
  }
}

asio::awaitable<Expected<std::string, ClientError>> Client::read_body(ResponseStream& stream) {
  std::string body;
  while (true) {
    auto chunk = co_await stream.read_some();
    if (!chunk) co_return chunk.error();
    if (chunk->empty()) co_return std::move(body);
    if (body.size() + chunk->size() > options_.body_limit) {
      stream.close();
      co_return ClientError{ClientError::Code::body_too_large, "the response body from " + endpoint_.to_string() +
                                                                   " exceeds " + std::to_string(options_.body_limit) +
                                                                   " bytes"};
    }
    body += *chunk;
  }
}

void Client::keep_idle(std::unique_ptr<ClientConnection> connection) {
  if (idle_.size() < options_.max_idle_connections) {
    idle_.push_back(std::move(connection));
  } else {
    connection->close();
  }
}

asio::awaitable<Expected<Response, ClientError>> Client::send(Request request) {
  prepare(request);
  auto stream = co_await exchange(request);
  if (!stream) co_return stream.error();
  auto body = co_await read_body(*stream);
  if (!body) co_return body.error();
  Response response(beast::http::response_header<>(stream->header()));
  response.body() = std::move(*body);
  if (stream->reusable()) keep_idle(stream->release_connection());
  co_return std::move(response);
}

asio::awaitable<Expected<ResponseStream, ClientError>> Client::open(Request request) {
  prepare(request);
  co_return co_await exchange(request);
}

Request make_request(Method method, std::string target, std::string body, const Headers& headers) {
  Request request(method, std::move(target), 11);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::move(body);
  request.prepare_payload();
  return request;
}

Expected<Response, ClientError> fetch(const std::string& url_base, Method method, std::string target, std::string body,
                                      const Headers& headers, const ClientOptions& options) {
  auto endpoint = Endpoint::parse(url_base);
  if (!endpoint) return ClientError{ClientError::Code::invalid_url, endpoint.error()};
  asio::io_context io;
  Client client(io.get_executor(), std::move(*endpoint), options);
  std::optional<Expected<Response, ClientError>> result;
  auto request = make_request(method, std::move(target), std::move(body), headers);
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { result.emplace(co_await client.send(std::move(request))); },
      [](const std::exception_ptr& error) {
        if (error) std::rethrow_exception(error);
      });
  io.run();
  return std::move(*result);
}

std::string query_escape(std::string_view value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace octobot::http
