// SqliteConnection: a sql::Connection over the sqlite3 C API.
//
// Opens the file with WAL journaling, foreign_keys=ON, synchronous=NORMAL and a
// busy timeout, and keeps every prepared statement for reuse (keyed by its SQL
// text). Transactions start with BEGIN IMMEDIATE so a writer takes the write
// lock up front instead of failing half-way when another process writes.
// Result codes map to sql::Error kinds: UNIQUE/PRIMARY KEY → conflict, FOREIGN
// KEY → missing_reference, CHECK/NOT NULL → invalid, BUSY/LOCKED/CANTOPEN/IOERR/
// FULL/READONLY → unavailable, anything else → internal.
#pragma once
#include "server/store/sql/connection.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace octobot::store::sqlite {

class SqliteConnection final : public sql::Connection {
 public:
  // Opens (creating if needed) the database at `path`; "" is a private
  // temporary database that disappears when the connection closes.
  static sql::Result<std::unique_ptr<sql::Connection>> open(const std::string& path);
  ~SqliteConnection() override;

  using sql::Connection::execute;
  sql::Result<sql::ResultSet> execute(std::string_view sql, std::span<const sql::Param> params) override;
  sql::Result<> execute_script(std::string_view sql) override;
  sql::Result<> begin() override;
  sql::Result<> commit() override;
  sql::Result<> rollback() override;
  bool broken() const override { return false; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sql::Result<> configure();
  sql::Result<sqlite3_stmt*> prepared(std::string_view sql);
  sql::Result<> bind(sqlite3_stmt* statement, std::span<const sql::Param> params);
  sql::Result<sql::ResultSet> step_all(sqlite3_stmt* statement);
  sql::Error last_error(int code) const;

  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> statements_;
};

}  // namespace octobot::store::sqlite
