#include "lib/http/client_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <sys/socket.h>

namespace octobot::http {
namespace {

namespace ssl = asio::ssl;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

using TcpStream = beast::tcp_stream;
using TlsStream = ssl::stream<beast::tcp_stream>;
using UnixStream = beast::basic_stream<asio::local::stream_protocol>;
using Connected = Expected<std::unique_ptr<ClientConnection>, ClientError>;

template <class Stream>
class StreamConnection final : public ClientConnection {
 public:
  template <class... Args>
  explicit StreamConnection(Args&&... args) : stream_(std::forward<Args>(args)...) {}

  Stream& stream() { return stream_; }

  asio::awaitable<beast::error_code> write(Request& request, std::chrono::milliseconds timeout) override {
    beast::get_lowest_layer(stream_).expires_after(timeout);
    auto [ec, n] = co_await beast::http::async_write(stream_, request, use_tuple);
    co_return ec;
  }

  asio::awaitable<beast::error_code> read_header(ResponseParser& parser, std::chrono::milliseconds timeout) override {
    beast::get_lowest_layer(stream_).expires_after(timeout);
    auto [ec, n] = co_await beast::http::async_read_header(stream_, buffer_, parser, use_tuple);
    co_return ec;
  }

  asio::awaitable<beast::error_code> read_some(ResponseParser& parser, std::chrono::milliseconds timeout) override {
    beast::get_lowest_layer(stream_).expires_after(timeout);
    auto [ec, n] = co_await beast::http::async_read_some(stream_, buffer_, parser, use_tuple);
    co_return ec;
  }

  void close() override { beast::get_lowest_layer(stream_).close(); }

  bool usable_when_idle() override {
    auto& socket = beast::get_lowest_layer(stream_).socket();
    if (!socket.is_open() || buffer_.size() != 0) return false;
    char byte = 0;
    const ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0) return false;  // orderly close by the peer
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    // Unread bytes: on TLS they may be session tickets, so only plain streams reject them.
    return std::is_same_v<Stream, TlsStream>;
  }

 private:
  Stream stream_;
  beast::flat_buffer buffer_;
};

ClientError error(ClientError::Code code, std::string message) { return ClientError{code, std::move(message)}; }

ClientError connect_error(const Endpoint& endpoint, const beast::error_code& ec, std::chrono::milliseconds timeout) {
  if (ec == beast::error::timeout) {
    return error(ClientError::Code::timeout, "connecting to " + endpoint.to_string() + " timed out " +
                                                 describe_timeout(timeout));
  }
  return error(ClientError::Code::connect, "cannot connect to " + endpoint.to_string() + ": " + ec.message());
}

// Resolves with a deadline: resolution runs on Asio's resolver thread and is
// cancelled by a timer when it takes too long.
asio::awaitable<Expected<asio::ip::tcp::resolver::results_type, ClientError>> resolve(
    const asio::any_io_executor& executor, const Endpoint& endpoint, std::chrono::milliseconds timeout) {
  auto resolver = std::make_shared<asio::ip::tcp::resolver>(executor);
  asio::steady_timer timer(executor, timeout);
  timer.async_wait([resolver](const beast::error_code& ec) {
    if (!ec) resolver->cancel();
  });
  auto [ec, results] = co_await resolver->async_resolve(endpoint.host, std::to_string(endpoint.port), use_tuple);
  timer.cancel();
  if (ec == asio::error::operation_aborted) co_return connect_error(endpoint, beast::error::timeout, timeout);
  if (ec) co_return error(ClientError::Code::connect, "cannot resolve " + endpoint.host + ": " + ec.message());
  co_return results;
}

asio::awaitable<Expected<void, ClientError>> connect_tcp(const asio::any_io_executor& executor,
                                                         const Endpoint& endpoint, beast::tcp_stream& stream,
                                                         std::chrono::milliseconds timeout) {
  auto results = co_await resolve(executor, endpoint, timeout);
  if (!results) co_return results.error();
  stream.expires_after(timeout);
  auto [ec, connected] = co_await stream.async_connect(*results, use_tuple);
  if (ec) co_return connect_error(endpoint, ec, timeout);
  beast::error_code ignored;  // Nagle only delays small writes; failing to disable it is harmless
  stream.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  co_return Expected<void, ClientError>();
}

bool is_ip_literal(const std::string& host) {
  beast::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// Sets SNI and the verification policy on a TLS stream before its handshake.
void configure_tls(TlsStream& stream, const Endpoint& endpoint, bool verify_peer) {
  if (!is_ip_literal(endpoint.host)) SSL_set_tlsext_host_name(stream.native_handle(), endpoint.host.c_str());
  if (verify_peer) {
    stream.set_verify_mode(ssl::verify_peer);
    stream.set_verify_callback(ssl::host_name_verification(endpoint.host));
  } else {
    stream.set_verify_mode(ssl::verify_none);
  }
}

asio::awaitable<Connected> connect_plain(const asio::any_io_executor& executor, const Endpoint& endpoint,
                                         const ClientOptions& options) {
  auto connection = std::make_unique<StreamConnection<TcpStream>>(executor);
  auto connected = co_await connect_tcp(executor, endpoint, connection->stream(), options.connect_timeout);
  if (!connected) co_return connected.error();
  co_return std::unique_ptr<ClientConnection>(std::move(connection));
}

asio::awaitable<Connected> connect_tls(const asio::any_io_executor& executor, const Endpoint& endpoint,
                                       const ClientOptions& options, ssl::context& context) {
  auto connection = std::make_unique<StreamConnection<TlsStream>>(executor, context);
  TlsStream& stream = connection->stream();
  auto connected = co_await connect_tcp(executor, endpoint, stream.next_layer(), options.connect_timeout);
  if (!connected) co_return connected.error();
  configure_tls(stream, endpoint, options.verify_peer);
  stream.next_layer().expires_after(options.connect_timeout);
  auto [ec] = co_await stream.async_handshake(ssl::stream_base::client, use_tuple);
  if (ec == beast::error::timeout) co_return connect_error(endpoint, ec, options.connect_timeout);
  if (ec) {
    co_return error(ClientError::Code::tls, "TLS handshake with " + endpoint.to_string() + " failed: " + ec.message());
  }
  co_return std::unique_ptr<ClientConnection>(std::move(connection));
}

asio::awaitable<Connected> connect_unix(const asio::any_io_executor& executor, const Endpoint& endpoint,
                                        const ClientOptions& options) {
  auto connection = std::make_unique<StreamConnection<UnixStream>>(executor);
  connection->stream().expires_after(options.connect_timeout);
  auto [ec] = co_await connection->stream().async_connect(
      asio::local::stream_protocol::endpoint(endpoint.socket_path), use_tuple);
  if (ec) co_return connect_error(endpoint, ec, options.connect_timeout);
  co_return std::unique_ptr<ClientConnection>(std::move(connection));
}

}  // namespace

std::string describe_timeout(std::chrono::milliseconds timeout) {
  return "after " + std::to_string(timeout.count()) + "ms";
}

asio::awaitable<Connected> connect_to(const asio::any_io_executor& executor, const Endpoint& endpoint,
                                      const ClientOptions& options, ssl::context* tls_context) {
  switch (endpoint.scheme) {
    case Endpoint::Scheme::http: co_return co_await connect_plain(executor, endpoint, options);
    case Endpoint::Scheme::https: co_return co_await connect_tls(executor, endpoint, options, *tls_context);
    case Endpoint::Scheme::unix_socket: co_return co_await connect_unix(executor, endpoint, options);
  }
  co_return error(ClientError::Code::connect, "unsupported endpoint " + endpoint.to_string());
}

}  // namespace octobot::http
