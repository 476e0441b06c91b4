// A per-connection deadline: when it passes, on_expire() runs once (it closes
// the connection's sockets, which cancels whatever is pending on them).
//
// Contract: use from the connection's event loop (one thread). expire_after()
// moves the deadline (cheap: no timer operation; the timer re-arms lazily when
// it wakes early). stop() must be called before the objects on_expire()
// touches are destroyed; after stop() on_expire() never runs.
#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace octobot::proxy {

class Watchdog {
 public:
  Watchdog(boost::asio::any_io_executor executor, std::function<void()> on_expire);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  void expire_after(std::chrono::steady_clock::duration timeout);
  void stop();
  bool expired() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace octobot::proxy
