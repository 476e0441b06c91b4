#include "server/store/executor.hpp"

namespace octobot::store {
namespace {

// Key of the PostgreSQL advisory lock serialising event inserts ("octoevnt").
constexpr std::string_view kLockEventLog = "SELECT pg_advisory_xact_lock(8026380207930584692)";

}  // namespace

Error not_found(std::string_view what, std::string_view id) {
  return Error{Error::Code::not_found, std::string(what) + " " + std::string(id) + " not found"};
}

Result<sql::ResultSet> Executor::run(std::string_view sql, std::span<const sql::Param> params) {
  sql::Result<sql::ResultSet> result = connection_.execute(sql, params);
  if (!result) return error(result.error());
  return std::move(result.value());
}

Result<> Executor::change(std::string_view sql, std::initializer_list<sql::Param> params, std::string_view what,
                          std::string_view id) {
  Result<sql::ResultSet> changed = run(sql, params);
  if (!changed) return changed.error();
  if (changed->affected_rows == 0) return not_found(what, id);
  return {};
}

Result<> Executor::append_event(const EventDraft& event) {
  if (database_.dialect() == sql::Dialect::postgres) {
    if (auto locked = run(kLockEventLog); !locked) return locked.error();
  }
  auto appended = run("INSERT INTO events (project_id, type, data_json, created_at) VALUES (?, ?, ?, ?)",
                      {event.project_id, event.type, event.data_json, event.created_at});
  if (!appended) return appended.error();
  return {};
}

Error store_error(const sql::Error& error, const sql::Database& database) {
  using Kind = sql::Error::Kind;
  switch (error.kind) {
    case Kind::conflict: return {Error::Code::conflict, error.message};
    case Kind::missing_reference:
      return {Error::Code::not_found, "a referenced row does not exist: " + error.message};
    case Kind::invalid: return {Error::Code::invalid, error.message};
    case Kind::unavailable: return {Error::Code::unavailable, database.name() + " is unavailable: " + error.message};
    case Kind::internal: break;
  }
  return {Error::Code::internal, error.message};
}

}  // namespace octobot::store
