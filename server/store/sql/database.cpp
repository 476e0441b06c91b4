#include "server/store/sql/database.hpp"

namespace octobot::store::sql {

Lease::~Lease() {
  if (connection_) database_->give_back(std::move(connection_));
}

Database::Database(Dialect dialect, std::string name, Connect connect, std::size_t max_connections)
    : dialect_(dialect),
      name_(std::move(name)),
      connect_(std::move(connect)),
      max_connections_(max_connections == 0 ? 1 : max_connections) {}

Result<Lease> Database::acquire() {
  {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
    ++open_;  // reserve the slot, then connect without holding the lock
  }
  Result<std::unique_ptr<Connection>> connected = connect_();
  if (!connected) {
    std::lock_guard lock(mutex_);
    --open_;
    returned_.notify_one();
    return connected.error();
  }
  return Lease(this, std::move(connected.value()));
}

void Database::give_back(std::unique_ptr<Connection> connection) {
  const bool keep = !connection->broken();
  if (!keep) connection.reset();  // close outside the lock
  std::lock_guard lock(mutex_);
  if (keep) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  returned_.notify_one();
}

}  // namespace octobot::store::sql
