// SessionQueue: runs the sandbox operations of one session one after another
// (provision, stop, start, remove, a container's death), and those of
// different sessions concurrently, as coroutines on one strand.
//
// Contract: enqueue() may be called from any thread; the operation starts
// once every operation enqueued before it for the same session has ended. An
// operation that throws is logged and the next one still runs.
#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/strand.hpp>

#include <deque>
#include <functional>
#include <map>
#include <string>

namespace octobot::service {

class SessionQueue {
 public:
  using Operation = std::function<boost::asio::awaitable<void>()>;

  explicit SessionQueue(boost::asio::any_io_executor executor) : strand_(boost::asio::make_strand(executor)) {}

  void enqueue(const std::string& session_id, Operation operation);
  const boost::asio::strand<boost::asio::any_io_executor>& strand() const { return strand_; }

 private:
  boost::asio::awaitable<void> drain(std::string session_id);

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  std::map<std::string, std::deque<Operation>> queues_;  // touched on strand_ only
};

}  // namespace octobot::service
