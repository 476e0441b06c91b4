// A TLS connection over a TCP socket, with OpenSSL reading and writing the
// socket's descriptor itself. asio::ssl::stream runs OpenSSL on a pair of
// memory BIOs instead: every byte is copied through two more buffers and each
// stream holds about 70 KiB of them; here a stream holds OpenSSL's two record
// buffers and nothing else.
//
// Contract (the parts of asio::ssl::stream the proxy uses):
// - It is an Asio AsyncReadStream and AsyncWriteStream, used from the one
//   thread that runs its socket's event loop; one read and one write may be in
//   flight at once (relays read and write both ways).
// - Completion handlers never run inside the initiating call.
// - async_read_some completes with asio::error::eof after the peer's
//   close_notify, and with asio::ssl::error::stream_truncated when the TCP
//   connection ends without one. async_write_some may write fewer bytes than
//   given (whole records).
// - async_shutdown sends close_notify and does not wait for the peer's.
// - Once next_layer() is closed (the watchdog does that), every operation
//   fails with bad_descriptor: OpenSSL never touches a descriptor number the
//   kernel may already have given to another connection.
// - OpenSSL reads ahead (several records per recv()) and keeps its record
//   buffers for the life of the connection.
// - idle() tells whether a kept-alive connection may carry the next request.
// - OpenSSL writes with write(), not send(MSG_NOSIGNAL): the process must
//   ignore SIGPIPE (proxy_main.cpp does), or a peer that has gone kills it.
#pragma once
#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream_base.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstddef>
#include <type_traits>

namespace octobot::proxy {

class TlsSocket {
 public:
  using executor_type = boost::asio::ip::tcp::socket::executor_type;

  // Takes over `socket` (connected); `context` must outlive the stream.
  TlsSocket(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& context);
  ~TlsSocket();
  TlsSocket(const TlsSocket&) = delete;
  TlsSocket& operator=(const TlsSocket&) = delete;

  executor_type get_executor() { return socket_.get_executor(); }

  // Between exchanges, with no read in flight: true when the connection is
  // open and the peer has sent nothing since the last read but TLS
  // post-handshake messages (session tickets, key updates), which are
  // processed here. A TLS 1.3 server sends its tickets right after the
  // handshake, so a fresh connection is not "readable = closed or chatty".
  bool idle();
  SSL* native_handle() { return ssl_; }
  boost::asio::ip::tcp::socket& next_layer() { return socket_; }

  template <class Token>
  auto async_handshake(boost::asio::ssl::stream_base::handshake_type type, Token&& token) {
    set_role(type);
    return run<false>([this](std::size_t&) { return SSL_do_handshake(ssl_); }, std::forward<Token>(token));
  }

  template <class Token>
  auto async_shutdown(Token&& token) {
    return run<false>([this](std::size_t&) { return SSL_shutdown(ssl_) >= 0 ? 1 : -1; }, std::forward<Token>(token));
  }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    auto buffer = first_buffer<boost::asio::mutable_buffer>(buffers);
    return run<true>(
        [this, buffer](std::size_t& bytes) {
          return buffer.size() == 0 ? 1 : SSL_read_ex(ssl_, buffer.data(), buffer.size(), &bytes);
        },
        std::forward<Token>(token));
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    auto buffer = first_buffer<boost::asio::const_buffer>(buffers);
    return run<true>(
        [this, buffer](std::size_t& bytes) {
          return buffer.size() == 0 ? 1 : SSL_write_ex(ssl_, buffer.data(), buffer.size(), &bytes);
        },
        std::forward<Token>(token));
  }

 private:
  enum class Next { done, wait_readable, wait_writable };
  struct Outcome {
    Next next = Next::done;
    boost::system::error_code error;
    std::size_t bytes = 0;
  };

  // One try of `call`, an OpenSSL call (> 0 is success, else SSL_get_error
  // says what it waits for), unless the socket was closed.
  template <class Call>
  Outcome attempt(Call& call) {
    if (!socket_.is_open()) return {Next::done, boost::asio::error::bad_descriptor, 0};
    std::size_t bytes = 0;
    if (ERR_peek_error() != 0) ERR_clear_error();  // SSL_get_error needs an empty queue; peeking is cheaper
    const int result = call(bytes);
    return outcome_of(result, bytes);
  }
  Outcome outcome_of(int result, std::size_t bytes);
  void set_role(boost::asio::ssl::stream_base::handshake_type type);

  template <class Buffer, class Buffers>
  static Buffer first_buffer(const Buffers& buffers) {
    for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers); ++it) {
      if (Buffer buffer(*it); buffer.size() > 0) return buffer;
    }
    return Buffer();
  }

  // An operation: one try now, then one each time the socket is ready for
  // what OpenSSL waits for. A result found at once is posted, not delivered
  // inside the initiating call.
  template <class Call, bool WithBytes>
  struct Operation {
    TlsSocket* tls;
    Call call;
    bool waited = false;
    bool finished = false;
    Outcome outcome{};

    template <class Self>
    void operator()(Self& self, boost::system::error_code wait_error = {}) {
      if (!finished) {
        outcome = wait_error ? Outcome{Next::done, wait_error, 0} : tls->attempt(call);
        if (outcome.next != Next::done) {
          waited = true;
          tls->socket_.async_wait(outcome.next == Next::wait_readable ? boost::asio::socket_base::wait_read
                                                                      : boost::asio::socket_base::wait_write,
                                  std::move(self));
          return;
        }
        finished = true;
        if (!waited) {
          boost::asio::post(tls->socket_.get_executor(), std::move(self));
          return;
        }
      }
      if constexpr (WithBytes) {
        self.complete(outcome.error, outcome.bytes);
      } else {
        self.complete(outcome.error);
      }
    }
  };

  template <bool WithBytes, class Call, class Token>
  auto run(Call call, Token&& token) {
    using Signature = std::conditional_t<WithBytes, void(boost::system::error_code, std::size_t),
                                         void(boost::system::error_code)>;
    return boost::asio::async_compose<Token, Signature>(Operation<Call, WithBytes>{this, std::move(call)}, token,
                                                        socket_);
  }

  boost::asio::ip::tcp::socket socket_;
  SSL* ssl_;
};

}  // namespace octobot::proxy
