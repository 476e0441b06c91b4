// open_store (declared in store.hpp): open the database, migrate it, wrap it
// in the SQL store. Every failure is unavailable and names the database, with
// any password redacted.
#include "server/store/migrate.hpp"
#include "server/store/open_database.hpp"
#include "server/store/postgres/postgres_database.hpp"
#include "server/store/sql_store.hpp"
#include "server/store/store.hpp"

namespace octobot::store {
namespace {

std::string describe(const std::string& database) {
  if (is_postgres_url(database)) return "PostgreSQL database " + postgres::redact_password(database);
  if (database.empty()) return "temporary SQLite database";
  return "SQLite database " + database;
}

Error unavailable(const std::string& database, std::string_view step, const sql::Error& error) {
  return Error{Error::Code::unavailable,
               "cannot " + std::string(step) + " " + describe(database) + ": " + error.message};
}

}  // namespace

Result<std::unique_ptr<Store>> open_store(const std::string& database) {
  sql::Result<std::unique_ptr<sql::Database>> opened = open_database(database);
  if (!opened) return unavailable(database, "open", opened.error());
  if (auto migrated = migrate(**opened); !migrated) return unavailable(database, "migrate", migrated.error());
  return std::unique_ptr<Store>(std::make_unique<SqlStore>(std::move(opened.value())));
}

}  // namespace octobot::store
