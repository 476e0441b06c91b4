// ResponseStream: an HTTP response whose header has arrived and whose body is
// read incrementally, as it arrives (Server-Sent Events, chunked streams such
// as Docker's event and log streams). Obtained from Client::open().
//
// Contract:
// - header() is the complete response header; no body byte has been consumed.
// - read_some() yields the next body bytes (de-chunked) as soon as the peer
//   sends them, at most 16 KiB at a time, and "" once the body is complete.
//   It fails when the connection breaks, when no byte arrives within the read
//   timeout (the client's read_timeout unless set_read_timeout() changed it),
//   or after close(). The body size is not limited.
// - close() may be called from another coroutine on the same executor to end
//   a pending read_some() (which then fails).
// - The stream owns its connection and closes it on destruction, unless
//   Client::send() takes it back for reuse after reading the body to the end.
#pragma once
#include "lib/http/client_types.hpp"
#include "lib/result.hpp"

#include <boost/asio/awaitable.hpp>
#include <memory>

namespace octobot::http {

class ClientConnection;

class ResponseStream {
 public:
  ResponseStream(ResponseStream&&) noexcept;
  ResponseStream& operator=(ResponseStream&&) noexcept;
  ~ResponseStream();

  const beast::http::response_header<>& header() const;
  unsigned status() const;
  bool done() const;
  void set_read_timeout(std::chrono::milliseconds timeout) { read_timeout_ = timeout; }
  asio::awaitable<Expected<std::string, ClientError>> read_some();
  void close();

  // Used by Client: writes `request` on `connection` and reads the response
  // header. `peer` names the endpoint in error messages.
  static asio::awaitable<Expected<ResponseStream, ClientError>> start(std::unique_ptr<ClientConnection> connection,
                                                                      Request& request, const ClientOptions& options,
                                                                      std::string peer);
  // True once the body was read to the end on a connection both sides keep alive.
  bool reusable() const;
  std::unique_ptr<ClientConnection> release_connection();

 private:
  ResponseStream(std::unique_ptr<ClientConnection> connection, std::unique_ptr<ResponseParser> parser,
                 std::chrono::milliseconds read_timeout, bool request_keep_alive, std::string peer);
  ClientError read_error(const beast::error_code& ec) const;

  std::unique_ptr<ClientConnection> connection_;
  std::unique_ptr<ResponseParser> parser_;
  std::chrono::milliseconds read_timeout_;
  bool request_keep_alive_ = true;
  std::string peer_;
};

}  // namespace octobot::http
