#include "server/service/session_queue.hpp"

#include "lib/log/log.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

namespace octobot::service {
namespace asio = boost::asio;

void SessionQueue::enqueue(const std::string& session_id, Operation operation) {
  asio::post(strand_, [this, session_id, operation = std::move(operation)]() mutable {
    auto& queue = queues_[session_id];
    queue.push_back(std::move(operation));
    if (queue.size() == 1) asio::co_spawn(strand_, drain(session_id), asio::detached);
  });
}

asio::awaitable<void> SessionQueue::drain(std::string session_id) {
  for (;;) {
    Operation operation = queues_[session_id].front();
    try {
      co_await operation();
    } catch (const std::exception& e) {
      log::error("sandbox operation failed", nlohmann::json{{"sessionId", session_id}, {"error", e.what()}});
    }
    auto& queue = queues_[session_id];
    queue.pop_front();
    if (queue.empty()) {
      queues_.erase(session_id);
      co_return;
    }
  }
}

}  // namespace octobot::service
