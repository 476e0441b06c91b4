#include "server/events/hub.hpp"

#include <boost/asio/as_tuple.hpp>

namespace octobot::events {

EventHub::Subscription::Subscription(asio::any_io_executor executor) : timer_(std::move(executor)) {}

asio::awaitable<bool> EventHub::Subscription::wait(std::chrono::steady_clock::duration timeout) {
  if (pending_.exchange(false)) co_return true;
  timer_.expires_after(timeout);
  auto [ec] = co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  auto state = co_await asio::this_coro::cancellation_state;
  if (state.cancelled() != asio::cancellation_type::none) throw boost::system::system_error(asio::error::operation_aborted);
  pending_ = false;
  co_return ec == asio::error::operation_aborted;
}

void EventHub::Subscription::wake(const std::shared_ptr<Subscription>& self) {
  self->pending_ = true;
  asio::post(self->timer_.get_executor(), [self] { self->timer_.cancel(); });
}

std::shared_ptr<EventHub::Subscription> EventHub::subscribe(asio::any_io_executor executor) {
  auto subscription = std::make_shared<Subscription>(std::move(executor));
  std::lock_guard lock(mutex_);
  subscribers_.remove_if([](const auto& weak) { return weak.expired(); });
  subscribers_.push_back(subscription);
  return subscription;
}

void EventHub::notify() {
  std::lock_guard lock(mutex_);
  for (auto it = subscribers_.begin(); it != subscribers_.end();) {
    if (auto subscription = it->lock()) {
      Subscription::wake(subscription);
      ++it;
    } else {
      it = subscribers_.erase(it);
    }
  }
}

std::size_t EventHub::subscriber_count() const {
  std::lock_guard lock(mutex_);
  std::size_t count = 0;
  for (const auto& weak : subscribers_) count += weak.expired() ? 0 : 1;
  return count;
}

}  // namespace octobot::events
