#include "server/store/open_database.hpp"

#include "server/store/postgres/postgres_database.hpp"
#include "server/store/sqlite/sqlite_database.hpp"

namespace octobot::store {

bool is_postgres_url(const std::string& database) {
  return database.starts_with("postgres://") || database.starts_with("postgresql://");
}

sql::Result<std::unique_ptr<sql::Database>> open_database(const std::string& database) {
  if (is_postgres_url(database)) return postgres::open_postgres_database(database);
  return sqlite::open_sqlite_database(database);
}

}  // namespace octobot::store
