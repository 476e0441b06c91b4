#include "server/store/sql/database.hpp"

namespace octobot::store::sql {

Pool::Pool(Connect connect, std::size_t max) : connect_(std::move(connect)), max_(max == 0 ? 1 : max) {}

Result<std::unique_ptr<Connection>> Pool::take() {
  {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_;  // reserve the slot, then connect without holding the lock
  }
  Result<std::unique_ptr<Connection>> connected = connect_();
  if (!connected) {
    std::lock_guard lock(mutex_);
    --open_;
    returned_.notify_one();
  }
  return connected;
}

void Pool::give_back(std::unique_ptr<Connection> connection) {
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

Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

Database::Database(Dialect dialect, std::string name, Connect connect, std::size_t max_connections,
                   std::size_t max_readers)
    : dialect_(dialect),
      name_(std::move(name)),
      main_(connect, max_connections),
      readers_(max_readers > 0 ? std::make_unique<Pool>(connect, max_readers) : nullptr) {}

Result<Lease> Database::acquire(Access access) {
  Pool& pool = access == Access::read && readers_ ? *readers_ : main_;
  Result<std::unique_ptr<Connection>> connection = pool.take();
  if (!connection) return connection.error();
  return Lease(&pool, std::move(connection.value()));
}

}  // namespace octobot::store::sql
