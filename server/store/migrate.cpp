#include "server/store/migrate.hpp"

#include <chrono>
#include <set>

namespace octobot::store {
namespace {

constexpr std::string_view kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

// Key of the PostgreSQL advisory lock serialising migrations ("octomigr").
constexpr std::string_view kLockMigrations = "SELECT pg_advisory_xact_lock(8026380207946982770)";

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

sql::Result<std::set<std::int64_t>> applied_versions(sql::Connection& connection) {
  sql::Result<sql::ResultSet> rows = connection.execute("SELECT version FROM schema_migrations");
  if (!rows) return rows.error();
  std::set<std::int64_t> versions;
  for (const sql::Row& row : rows->rows) versions.insert(row.int64(0));
  return versions;
}

sql::Result<> apply(sql::Connection& connection, const Migration& migration) {
  if (auto applied = connection.execute_script(migration.sql); !applied) {
    return sql::Error{applied.error().kind, "migration " + std::string(migration.name) + ": " + applied.error().message};
  }
  auto recorded = connection.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                     {migration.version, migration.name, now_ms()});
  if (!recorded) return recorded.error();
  return {};
}

sql::Result<std::size_t> apply_pending(sql::Connection& connection, sql::Dialect dialect,
                                       std::span<const Migration> migrations) {
  if (dialect == sql::Dialect::postgres) {
    if (auto locked = connection.execute(kLockMigrations); !locked) return locked.error();
  }
  if (auto created = connection.execute(kCreateSchemaMigrations); !created) return created.error();
  sql::Result<std::set<std::int64_t>> done = applied_versions(connection);
  if (!done) return done.error();
  std::size_t count = 0;
  for (const Migration& migration : migrations) {
    if (done->contains(migration.version)) continue;
    if (auto applied = apply(connection, migration); !applied) return applied.error();
    ++count;
  }
  return count;
}

}  // namespace

sql::Result<std::size_t> migrate(sql::Database& database) {
  return migrate(database, migrations_for(database.dialect()));
}

sql::Result<std::size_t> migrate(sql::Database& database, std::span<const Migration> migrations) {
  sql::Result<sql::Lease> lease = database.acquire();
  if (!lease) return lease.error();
  sql::Connection& connection = **lease;
  if (auto begun = connection.begin(); !begun) return begun.error();
  sql::Result<std::size_t> applied = apply_pending(connection, database.dialect(), migrations);
  if (!applied) {
    (void)connection.rollback();
    return applied;
  }
  if (auto committed = connection.commit(); !committed) return committed.error();
  return applied;
}

}  // namespace octobot::store
