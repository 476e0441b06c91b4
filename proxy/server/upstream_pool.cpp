#include "proxy/server/upstream_pool.hpp"

#include <boost/asio/execution/context.hpp>
#include <boost/asio/query.hpp>

#include <algorithm>

namespace octobot::proxy {
namespace {

// Still connected, nothing arrived since the last exchange, and its peer is
// an address the policy allows now (it may have changed since the dial).
bool reusable(TlsSocket& connection, const Policy& policy) {
  if (!connection.idle()) return false;
  boost::system::error_code error;
  auto peer = connection.next_layer().remote_endpoint(error);
  return !error && policy.address_allowed(peer.address(), nullptr);
}

}  // namespace

boost::asio::execution_context::id UpstreamPool::id;

UpstreamPool& UpstreamPool::of(const boost::asio::any_io_executor& executor) {
  return boost::asio::use_service<UpstreamPool>(boost::asio::query(executor, boost::asio::execution::context));
}

void UpstreamPool::give(const std::string& destination, UpstreamTls connection) {
  if (!connection || !connection->idle() || !SSL_free_buffers(connection->native_handle())) return;
  auto same = [&](const Kept& kept) { return kept.destination == destination; };
  if (static_cast<std::size_t>(std::count_if(kept_.begin(), kept_.end(), same)) >= kPerDestination) {
    kept_.erase(std::find_if(kept_.begin(), kept_.end(), same));
  }
  if (kept_.size() >= kTotal) kept_.pop_front();
  if (!timer_) timer_.emplace(connection->get_executor());
  kept_.push_back({destination, std::move(connection), std::chrono::steady_clock::now()});
  arm_timer();
}

UpstreamTls UpstreamPool::take(const std::string& destination, const Policy& policy) {
  drop_expired();
  for (auto it = kept_.rbegin(); it != kept_.rend();) {
    if (it->destination != destination) {
      ++it;
      continue;
    }
    UpstreamTls connection = std::move(it->connection);
    it = std::make_reverse_iterator(kept_.erase(std::next(it).base()));
    if (reusable(*connection, policy)) return connection;
  }
  return nullptr;
}

void UpstreamPool::shutdown() {
  kept_.clear();
  timer_.reset();
}

void UpstreamPool::drop_expired() {
  auto now = std::chrono::steady_clock::now();
  while (!kept_.empty() && now - kept_.front().given >= idle_limit_) kept_.pop_front();
}

void UpstreamPool::arm_timer() {
  if (timer_armed_ || kept_.empty()) return;
  timer_armed_ = true;
  timer_->expires_at(kept_.front().given + idle_limit_);
  timer_->async_wait([this](boost::system::error_code error) {
    if (error) return;  // cancelled: the io_context is shutting down
    timer_armed_ = false;
    drop_expired();
    arm_timer();
  });
}

}  // namespace octobot::proxy
