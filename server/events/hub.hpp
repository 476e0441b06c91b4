// EventHub: wakes event-stream subscribers when the event log grows.
//
// The store's event log is the source of truth; the hub carries no events,
// only "look again". A subscriber reads the log after its last id, then waits;
// notify() wakes every waiter. A notification that arrives while the
// subscriber is busy reading is not lost: the next wait() returns at once.
#pragma once
#include <utility>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <list>
#include <memory>
#include <mutex>

namespace octobot::events {

namespace asio = boost::asio;

class EventHub {
 public:
  class Subscription {
   public:
    explicit Subscription(asio::any_io_executor executor);
    // Returns when notified (true) or after `timeout` (false). Throws/aborts
    // when the calling coroutine is cancelled.
    asio::awaitable<bool> wait(std::chrono::steady_clock::duration timeout);

   private:
    friend class EventHub;
    static void wake(const std::shared_ptr<Subscription>& self);
    asio::steady_timer timer_;
    std::atomic<bool> pending_{false};
  };

  std::shared_ptr<Subscription> subscribe(asio::any_io_executor executor);
  void notify();
  std::size_t subscriber_count() const;

 private:
  mutable std::mutex mutex_;
  std::list<std::weak_ptr<Subscription>> subscribers_;
};

}  // namespace octobot::events
