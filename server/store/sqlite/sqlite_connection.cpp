#include "server/store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

namespace octobot::store::sqlite {
namespace {

constexpr int kBusyTimeoutMs = 5000;

sql::Error::Kind kind_of(int extended_code) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return sql::Error::Kind::conflict;
    case SQLITE_CONSTRAINT_FOREIGNKEY: return sql::Error::Kind::missing_reference;
    default: break;
  }
  switch (extended_code & 0xff) {
    case SQLITE_CONSTRAINT: return sql::Error::Kind::invalid;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY: return sql::Error::Kind::unavailable;
    default: return sql::Error::Kind::internal;
  }
}

sql::Field read_field(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_NULL: return sql::Field();
    case SQLITE_INTEGER: return sql::Field(std::int64_t{sqlite3_column_int64(statement, column)});
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      return sql::Field(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column))));
    }
  }
}

}  // namespace

sql::Result<std::unique_ptr<sql::Connection>> SqliteConnection::open(const std::string& path) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int code = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (code != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    sqlite3_close_v2(db);
    return sql::Error{sql::Error::Kind::unavailable, message};
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  if (auto configured = connection->configure(); !configured) return configured.error();
  return std::unique_ptr<sql::Connection>(std::move(connection));
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  sqlite3_close_v2(db_);
}

sql::Result<> SqliteConnection::configure() {
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  // journal_mode answers with a row (the mode in force), so it goes through
  // execute(); a temporary database may stay in its own mode, which is fine.
  if (auto wal = execute("PRAGMA journal_mode=WAL"); !wal) return wal.error();
  return execute_script("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
}

sql::Result<sql::ResultSet> SqliteConnection::execute(std::string_view sql, std::span<const sql::Param> params) {
  sql::Result<sqlite3_stmt*> statement = prepared(sql);
  if (!statement) return statement.error();
  sql::Result<> bound = bind(*statement, params);
  sql::Result<sql::ResultSet> result = bound ? step_all(*statement) : sql::Result<sql::ResultSet>(bound.error());
  sqlite3_reset(*statement);
  sqlite3_clear_bindings(*statement);
  return result;
}

sql::Result<> SqliteConnection::execute_script(std::string_view sql) {
  const std::string script(sql);
  const int code = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) return last_error(code);
  return {};
}

sql::Result<> SqliteConnection::begin() { return execute_script("BEGIN IMMEDIATE"); }

sql::Result<> SqliteConnection::commit() { return execute_script("COMMIT"); }

sql::Result<> SqliteConnection::rollback() {
  if (sqlite3_get_autocommit(db_)) return {};  // no transaction (SQLite may have ended it itself)
  return execute_script("ROLLBACK");
}

sql::Result<sqlite3_stmt*> SqliteConnection::prepared(std::string_view sql) {
  if (auto found = statements_.find(sql); found != statements_.end()) return found->second;
  sqlite3_stmt* statement = nullptr;
  const int code = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &statement, nullptr);
  if (code != SQLITE_OK) return last_error(code);
  statements_.emplace(std::string(sql), statement);
  return statement;
}

sql::Result<> SqliteConnection::bind(sqlite3_stmt* statement, std::span<const sql::Param> params) {
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(statement)) {
    return sql::Error{sql::Error::Kind::internal, "wrong number of statement parameters"};
  }
  for (int index = 1; const sql::Param& param : params) {
    int code = SQLITE_OK;
    if (param.is_null()) {
      code = sqlite3_bind_null(statement, index);
    } else if (param.is_int()) {
      code = sqlite3_bind_int64(statement, index, param.as_int());
    } else {
      // SQLITE_STATIC: the text outlives the statement's use, which ends with
      // sqlite3_clear_bindings() in execute().
      const std::string_view text = param.as_text();
      code = sqlite3_bind_text64(statement, index, text.empty() ? "" : text.data(), text.size(), SQLITE_STATIC,
                                 SQLITE_UTF8);
    }
    if (code != SQLITE_OK) return last_error(code);
    ++index;
  }
  return {};
}

sql::Result<sql::ResultSet> SqliteConnection::step_all(sqlite3_stmt* statement) {
  sql::ResultSet result;
  const int columns = sqlite3_column_count(statement);
  for (;;) {
    const int code = sqlite3_step(statement);
    if (code == SQLITE_DONE) break;
    if (code != SQLITE_ROW) return last_error(code);
    std::vector<sql::Field> fields;
    fields.reserve(static_cast<std::size_t>(columns));
    for (int column = 0; column < columns; ++column) fields.push_back(read_field(statement, column));
    result.rows.emplace_back(std::move(fields));
  }
  if (!sqlite3_stmt_readonly(statement)) result.affected_rows = sqlite3_changes64(db_);
  return result;
}

sql::Error SqliteConnection::last_error(int code) const {
  const int extended = sqlite3_extended_errcode(db_);
  // The connection's error code can be stale (e.g. for bind errors); prefer it
  // only when it agrees with the code the call returned.
  const int effective = ((extended & 0xff) == (code & 0xff)) ? extended : code;
  return sql::Error{kind_of(effective), sqlite3_errmsg(db_)};
}

}  // namespace octobot::store::sqlite
