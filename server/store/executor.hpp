// Executor: the connection lent to one store call, speaking store errors.
//
// It runs statements on the connection, reads records from their rows, maps
// sql::Error to store::Error (conflict → conflict, missing_reference →
// not_found, invalid → invalid, unavailable → unavailable naming the database,
// internal → internal), and knows the two statements every mutation needs:
// "change these rows or say not_found" and "append the event".
#pragma once
#include "server/store/record_rows.hpp"
#include "server/store/sql/database.hpp"
#include "server/store/store.hpp"

#include <initializer_list>
#include <span>
#include <string_view>

namespace octobot::store {

// not_found "<what> <id> not found".
Error not_found(std::string_view what, std::string_view id);

// The store error for a driver error of `database`.
Error store_error(const sql::Error& error, const sql::Database& database);

class Executor {
 public:
  Executor(sql::Connection& connection, const sql::Database& database)
      : connection_(connection), database_(database) {}

  Result<sql::ResultSet> run(std::string_view sql, std::span<const sql::Param> params);
  Result<sql::ResultSet> run(std::string_view sql, std::initializer_list<sql::Param> params = {}) {
    return run(sql, std::span<const sql::Param>(params.begin(), params.size()));
  }

  // Runs a SELECT expected to find one row, read with `from_row`; no row is
  // not_found "<what> <id> not found".
  template <class T>
  Result<T> find(std::string_view sql, std::initializer_list<sql::Param> params, T (*from_row)(const sql::Row&),
                 std::string_view what, std::string_view id) {
    Result<sql::ResultSet> found = run(sql, params);
    if (!found) return found.error();
    if (found->rows.empty()) return not_found(what, id);
    return from_row(found->rows.front());
  }

  // Runs a SELECT and reads every row with `from_row`.
  template <class T>
  Result<std::vector<T>> list(std::string_view sql, std::span<const sql::Param> params,
                              T (*from_row)(const sql::Row&)) {
    Result<sql::ResultSet> found = run(sql, params);
    if (!found) return found.error();
    return records_from_rows(found->rows, from_row);
  }
  template <class T>
  Result<std::vector<T>> list(std::string_view sql, std::initializer_list<sql::Param> params,
                              T (*from_row)(const sql::Row&)) {
    return list(sql, std::span<const sql::Param>(params.begin(), params.size()), from_row);
  }

  // Runs an UPDATE or DELETE; when it touched no row the result is
  // not_found "<what> <id> not found".
  Result<> change(std::string_view sql, std::initializer_list<sql::Param> params, std::string_view what,
                  std::string_view id);

  // Appends `event` to the log (see sql_store.hpp for the PostgreSQL lock).
  Result<> append_event(const EventDraft& event);

  Error error(const sql::Error& error) const { return store_error(error, database_); }

 private:
  sql::Connection& connection_;
  const sql::Database& database_;
};

}  // namespace octobot::store
