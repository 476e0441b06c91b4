// TurnLog: the UI stream chunks of the current (or last) turn, kept so a
// reader can start or resume at any offset while they are still written.
//
// Contract:
// - begin() starts turn n and drops the previous turn's chunks; append()
//   adds one chunk (serialized JSON); end() marks the turn finished.
// - wait(turn, offset, timeout) returns once turn `turn` has more than
//   `offset` chunks, has ended, has been replaced by a newer turn, or after
//   `timeout`. Readers never miss a chunk: they re-check after waking.
// - Use from the io_context's thread only.
#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <list>
#include <string>
#include <vector>

namespace octobot::agent_api {

class TurnLog {
 public:
  explicit TurnLog(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

  void begin(int turn);
  void append(std::string chunk);
  void end();

  int turn() const { return turn_; }  // 0 before the first turn
  bool ended() const { return ended_; }
  std::size_t size() const { return chunks_.size(); }
  const std::string& at(std::size_t index) const { return chunks_[index]; }

  boost::asio::awaitable<void> wait(int turn, std::size_t offset, std::chrono::steady_clock::duration timeout);

 private:
  void wake_all();

  boost::asio::any_io_executor executor_;
  int turn_ = 0;
  bool ended_ = true;
  std::vector<std::string> chunks_;
  std::list<boost::asio::steady_timer*> waiters_;
};

}  // namespace octobot::agent_api
