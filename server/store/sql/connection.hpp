// Connection: one session with a database, used by one thread at a time.
//
// Contract:
// - execute() runs one statement whose parameters are written `?` in the SQL
//   and returns its rows; execute_script() runs several `;`-separated
//   statements without parameters (migrations).
// - begin()/commit()/rollback() bracket a transaction; statements outside one
//   commit on their own. rollback() outside a transaction does nothing.
// - Failures come back as sql::Error values; nothing throws.
// - broken() is true once the connection lost its server: the pool then
//   discards it instead of handing it out again.
#pragma once
#include "server/store/sql/error.hpp"
#include "server/store/sql/value.hpp"

#include <initializer_list>
#include <span>
#include <string_view>

namespace octobot::store::sql {

// The SQL dialect of a database, for the few statements that differ.
enum class Dialect { sqlite, postgres };

class Connection {
 public:
  virtual ~Connection() = default;

  virtual Result<ResultSet> execute(std::string_view sql, std::span<const Param> params) = 0;
  Result<ResultSet> execute(std::string_view sql, std::initializer_list<Param> params = {}) {
    return execute(sql, std::span<const Param>(params.begin(), params.size()));
  }
  virtual Result<> execute_script(std::string_view sql) = 0;

  virtual Result<> begin() = 0;
  virtual Result<> commit() = 0;
  virtual Result<> rollback() = 0;

  virtual bool broken() const = 0;
};

}  // namespace octobot::store::sql
