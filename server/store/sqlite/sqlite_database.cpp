#include "server/store/sqlite/sqlite_database.hpp"

#include "server/store/sqlite/sqlite_connection.hpp"

namespace octobot::store::sqlite {

sql::Result<std::unique_ptr<sql::Database>> open_sqlite_database(const std::string& path) {
  auto connect = [path] { return SqliteConnection::open(path); };
  std::string name = path.empty() ? "temporary SQLite database" : "SQLite database " + path;
  auto database = std::make_unique<sql::Database>(sql::Dialect::sqlite, std::move(name), connect, 1);
  sql::Result<sql::Lease> first = database->acquire();  // fail now, not at the first query
  if (!first) return first.error();
  return database;
}

}  // namespace octobot::store::sqlite
