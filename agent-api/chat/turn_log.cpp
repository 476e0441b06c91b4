#include "agent-api/chat/turn_log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace octobot::agent_api {

void TurnLog::begin(int turn) {
  turn_ = turn;
  ended_ = false;
  chunks_.clear();
  wake_all();
}

void TurnLog::append(std::string chunk) {
  chunks_.push_back(std::move(chunk));
  wake_all();
}

void TurnLog::end() {
  ended_ = true;
  wake_all();
}

void TurnLog::wake_all() {
  for (auto* timer : waiters_) timer->cancel();
}

boost::asio::awaitable<void> TurnLog::wait(int turn, std::size_t offset, std::chrono::steady_clock::duration timeout) {
  if (turn != turn_ || ended_ || chunks_.size() > offset) co_return;
  boost::asio::steady_timer timer(executor_, timeout);
  auto entry = waiters_.insert(waiters_.end(), &timer);
  (void)co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  waiters_.erase(entry);
}

}  // namespace octobot::agent_api
