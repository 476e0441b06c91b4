#include "proxy/server/tls_socket.hpp"

#include <boost/asio/ssl/error.hpp>

#include <cerrno>
#include <new>

namespace octobot::proxy {

namespace asio = boost::asio;

TlsSocket::TlsSocket(asio::ip::tcp::socket socket, asio::ssl::context& context)
    : socket_(std::move(socket)), ssl_(SSL_new(context.native_handle())) {
  if (ssl_ == nullptr) throw std::bad_alloc();
  boost::system::error_code ignored;
  socket_.non_blocking(true, ignored);  // OpenSSL's reads and writes must not block the event loop
  SSL_set_fd(ssl_, static_cast<int>(socket_.native_handle()));
  SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  SSL_set_read_ahead(ssl_, 1);
}

TlsSocket::~TlsSocket() { SSL_free(ssl_); }

bool TlsSocket::idle() {
  auto peek = [this](std::size_t& bytes) {
    char byte;
    return SSL_peek_ex(ssl_, &byte, 1, &bytes);
  };
  // Done means application data nobody asked for, a close or a failure.
  return attempt(peek).next == Next::wait_readable;
}

void TlsSocket::set_role(asio::ssl::stream_base::handshake_type type) {
  if (type == asio::ssl::stream_base::client) {
    SSL_set_connect_state(ssl_);
  } else {
    SSL_set_accept_state(ssl_);
  }
}

TlsSocket::Outcome TlsSocket::outcome_of(int result, std::size_t bytes) {
  if (result > 0) return {Next::done, {}, bytes};
  const int saved_errno = errno;
  switch (SSL_get_error(ssl_, result)) {
    case SSL_ERROR_WANT_READ:
      return {Next::wait_readable, {}, 0};
    case SSL_ERROR_WANT_WRITE:
      return {Next::wait_writable, {}, 0};
    case SSL_ERROR_ZERO_RETURN:  // the peer's close_notify
      return {Next::done, asio::error::eof, 0};
    case SSL_ERROR_SYSCALL:
      if (ERR_peek_error() == 0 && saved_errno != 0) {
        return {Next::done, boost::system::error_code(saved_errno, boost::system::system_category()), 0};
      }
      return {Next::done, asio::ssl::error::stream_truncated, 0};
    default: {
      const unsigned long error = ERR_get_error();
      if (ERR_GET_REASON(error) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
        return {Next::done, asio::ssl::error::stream_truncated, 0};
      }
      if (error == 0) return {Next::done, make_error_code(boost::system::errc::protocol_error), 0};
      return {Next::done, boost::system::error_code(static_cast<int>(error), asio::error::get_ssl_category()), 0};
    }
  }
}

}  // namespace octobot::proxy
