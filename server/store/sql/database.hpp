// Database: a named database of one dialect, handing out pooled connections.
//
// Contract:
// - acquire(access) lends one connection for exclusive use until the Lease is
//   destroyed. Writes (the default) come from the main pool; reads come from
//   a separate pool of up to max_readers connections when the database has
//   one (SQLite in WAL mode: one writer and concurrent readers), else from the
//   main pool too. A pool opens a new connection while it has fewer than its
//   maximum and otherwise waits for one to be returned.
// - A connection that is broken() when returned is closed, so the next
//   acquire() reconnects.
// - name() is safe to show to people: drivers pass it with any password
//   redacted.
// - Thread-safe. Leases must not outlive their Database.
#pragma once
#include "server/store/sql/connection.hpp"

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace octobot::store::sql {

enum class Access { read, write };

// Connections of one kind, at most `max` open at once.
class Pool {
 public:
  using Connect = std::function<Result<std::unique_ptr<Connection>>()>;
  Pool(Connect connect, std::size_t max);
  Result<std::unique_ptr<Connection>> take();
  void give_back(std::unique_ptr<Connection> connection);

 private:
  const Connect connect_;
  const std::size_t max_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle plus lent out
};

class Lease {
 public:
  Lease(Pool* pool, std::unique_ptr<Connection> connection) : pool_(pool), connection_(std::move(connection)) {}
  Lease(Lease&& other) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease();

  Connection& operator*() const { return *connection_; }
  Connection* operator->() const { return connection_.get(); }

 private:
  Pool* pool_;
  std::unique_ptr<Connection> connection_;
};

class Database {
 public:
  using Connect = Pool::Connect;

  // max_readers 0: reads share the main pool.
  Database(Dialect dialect, std::string name, Connect connect, std::size_t max_connections,
           std::size_t max_readers = 0);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const { return dialect_; }
  const std::string& name() const { return name_; }

  Result<Lease> acquire(Access access = Access::write);

 private:
  const Dialect dialect_;
  const std::string name_;
  Pool main_;
  std::unique_ptr<Pool> readers_;  // null: reads use main_
};

}  // namespace octobot::store::sql
