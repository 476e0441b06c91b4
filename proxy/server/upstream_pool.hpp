// Idle upstream TLS connections kept after an intercepted client connection
// ends, for the next client connection to the same host and port: that one
// then skips the TCP connect, the TLS handshake and the certificate checks,
// which cost two round trips to the real upstream and most of the proxy's CPU
// for a new connection.
//
// Contract:
// - One pool per event loop: an Asio service of the io_context, so a kept
//   connection is only used on the thread whose loop made it, and the
//   io_context's shutdown closes whatever is still kept.
// - give() keeps a connection whose last exchange ended cleanly (the caller
//   vouches for that: no request in flight, nothing unread) and still open.
//   OpenSSL's record buffers are released while it waits. At most
//   kPerDestination connections per destination and kTotal in all are kept,
//   the oldest going first; each is closed kIdleLimit (or what
//   set_idle_limit() says) after it was given.
// - take() hands out the most recently given connection to `destination`
//   that the peer has neither closed nor written to since, whose peer address
//   the current policy still allows, and that is younger than the idle limit.
//   Kept connections to `destination` that fail those checks are closed.
//   Null when there is none: dial as usual.
#pragma once
#include "proxy/config/policy.hpp"
#include "proxy/server/tls_socket.hpp"

#include <boost/asio/execution_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace octobot::proxy {

using UpstreamTls = std::unique_ptr<TlsSocket>;

class UpstreamPool : public boost::asio::execution_context::service {
 public:
  static constexpr std::size_t kPerDestination = 2;
  static constexpr std::size_t kTotal = 4;
  static constexpr std::chrono::seconds kIdleLimit{30};

  static boost::asio::execution_context::id id;
  explicit UpstreamPool(boost::asio::execution_context& context) : service(context) {}

  // The pool of the event loop that `executor` runs on.
  static UpstreamPool& of(const boost::asio::any_io_executor& executor);

  // `destination` is "host:port" as the client named it.
  void give(const std::string& destination, UpstreamTls connection);
  UpstreamTls take(const std::string& destination, const Policy& policy);

  std::size_t size() const { return kept_.size(); }
  void set_idle_limit(std::chrono::steady_clock::duration limit) { idle_limit_ = limit; }

 private:
  struct Kept {
    std::string destination;
    UpstreamTls connection;
    std::chrono::steady_clock::time_point given;
  };

  void shutdown() override;
  void drop_expired();
  void arm_timer();

  std::deque<Kept> kept_;  // oldest first
  std::optional<boost::asio::steady_timer> timer_;
  bool timer_armed_ = false;
  std::chrono::steady_clock::duration idle_limit_ = kIdleLimit;
};

}  // namespace octobot::proxy
