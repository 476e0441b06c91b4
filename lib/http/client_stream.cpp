#include "lib/http/client_stream.hpp"

#include "lib/http/client_connection.hpp"

#include <boost/asio/ssl/error.hpp>

namespace octobot::http {
namespace {

constexpr std::size_t chunk_capacity = 16 * 1024;

bool is_peer_close(const beast::error_code& ec) {
  return ec == beast::http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated;
}

bool is_http_error(const beast::error_code& ec) {
  return ec.category() == beast::http::make_error_code(beast::http::error::bad_version).category();
}

ClientError write_error(const beast::error_code& ec, const std::string& peer, std::chrono::milliseconds timeout) {
  if (ec == beast::error::timeout) {
    return ClientError{ClientError::Code::timeout, "writing the request to " + peer + " timed out " +
                                                       describe_timeout(timeout)};
  }
  return ClientError{ClientError::Code::write, "writing the request to " + peer + " failed: " + ec.message()};
}

std::unique_ptr<ResponseParser> new_parser(const Request& request) {
  auto parser = std::make_unique<ResponseParser>();
  parser->body_limit(boost::none);
  if (request.method() == Method::head) parser->skip(true);
  return parser;
}

}  // namespace

ResponseStream::ResponseStream(std::unique_ptr<ClientConnection> connection, std::unique_ptr<ResponseParser> parser,
                               std::chrono::milliseconds read_timeout, bool request_keep_alive, std::string peer)
    : connection_(std::move(connection)),
      parser_(std::move(parser)),
      read_timeout_(read_timeout),
      request_keep_alive_(request_keep_alive),
      peer_(std::move(peer)) {}

ResponseStream::ResponseStream(ResponseStream&&) noexcept = default;
ResponseStream& ResponseStream::operator=(ResponseStream&&) noexcept = default;
ResponseStream::~ResponseStream() = default;

asio::awaitable<Expected<ResponseStream, ClientError>> ResponseStream::start(
    std::unique_ptr<ClientConnection> connection, Request& request, const ClientOptions& options, std::string peer) {
  if (auto ec = co_await connection->write(request, options.write_timeout)) {
    connection->close();
    co_return write_error(ec, peer, options.write_timeout);
  }
  ResponseStream stream(std::move(connection), new_parser(request), options.read_timeout, request.keep_alive(),
                        std::move(peer));
  if (auto ec = co_await stream.connection_->read_header(*stream.parser_, options.read_timeout)) {
    stream.close();
    co_return stream.read_error(ec);
  }
  co_return std::move(stream);
}

const beast::http::response_header<>& ResponseStream::header() const { return parser_->get().base(); }

unsigned ResponseStream::status() const { return parser_->get().result_int(); }

bool ResponseStream::done() const { return parser_->is_done(); }

bool ResponseStream::reusable() const {
  return connection_ && parser_->is_done() && parser_->keep_alive() && request_keep_alive_;
}

std::unique_ptr<ClientConnection> ResponseStream::release_connection() { return std::move(connection_); }

void ResponseStream::close() {
  if (connection_) connection_->close();
}

asio::awaitable<Expected<std::string, ClientError>> ResponseStream::read_some() {
  std::string chunk(chunk_capacity, '\0');
  while (!parser_->is_done()) {
    if (!connection_) co_return ClientError{ClientError::Code::read, "the response stream was released"};
    auto& body = parser_->get().body();
    body.data = chunk.data();
    body.size = chunk.size();
    auto ec = co_await connection_->read_some(*parser_, read_timeout_);
    const std::size_t received = chunk.size() - parser_->get().body().size;
    parser_->get().body().data = nullptr;  // `chunk` does not outlive this call
    if (ec == beast::http::error::need_buffer) ec = {};
    if (ec == asio::ssl::error::stream_truncated && parser_->need_eof()) parser_->put_eof(ec);  // unclean TLS close
    if (ec) {
      close();
      co_return read_error(ec);
    }
    if (received > 0) {
      chunk.resize(received);
      co_return chunk;
    }
  }
  co_return std::string();
}

ClientError ResponseStream::read_error(const beast::error_code& ec) const {
  using Code = ClientError::Code;
  if (ec == beast::error::timeout) {
    const std::string what = parser_->is_header_done() ? "no response body data from " : "no response from ";
    return ClientError{Code::timeout, what + peer_ + " " + describe_timeout(read_timeout_)};
  }
  if (!parser_->got_some() && is_peer_close(ec)) {
    return ClientError{Code::closed, peer_ + " closed the connection before responding"};
  }
  if (ec == beast::http::error::partial_message || is_peer_close(ec)) {
    return ClientError{Code::read, peer_ + " closed the connection in the middle of the response"};
  }
  if (is_http_error(ec)) return ClientError{Code::protocol, peer_ + " sent an invalid HTTP response: " + ec.message()};
  return ClientError{Code::read, "reading the response from " + peer_ + " failed: " + ec.message()};
}

}  // namespace octobot::http
