// Database: a named database of one dialect, handing out pooled connections.
//
// Contract:
// - acquire() lends one connection for exclusive use until the Lease is
//   destroyed. It opens a new connection while fewer than max_connections
//   exist and otherwise waits for one to be returned.
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

class Database;

class Lease {
 public:
  Lease(Database* database, std::unique_ptr<Connection> connection)
      : database_(database), connection_(std::move(connection)) {}
  Lease(Lease&& other) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease();

  Connection& operator*() const { return *connection_; }
  Connection* operator->() const { return connection_.get(); }

 private:
  Database* database_;
  std::unique_ptr<Connection> connection_;
};

class Database {
 public:
  using Connect = std::function<Result<std::unique_ptr<Connection>>()>;

  Database(Dialect dialect, std::string name, Connect connect, std::size_t max_connections);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const { return dialect_; }
  const std::string& name() const { return name_; }

  Result<Lease> acquire();

 private:
  friend class Lease;
  void give_back(std::unique_ptr<Connection> connection);

  const Dialect dialect_;
  const std::string name_;
  const Connect connect_;
  const std::size_t max_connections_;

  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;  // idle plus lent out
};

}  // namespace octobot::store::sql
