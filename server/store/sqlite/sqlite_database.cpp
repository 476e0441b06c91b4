#include "server/store/sqlite/sqlite_database.hpp"

#include "server/store/sqlite/sqlite_connection.hpp"

namespace octobot::store::sqlite {

namespace {
constexpr std::size_t kReaderConnections = 4;
}  // namespace

sql::Result<std::unique_ptr<sql::Database>> open_sqlite_database(const std::string& path) {
  auto connect = [path] { return SqliteConnection::open(path); };
  std::string name = path.empty() ? "temporary SQLite database" : "SQLite database " + path;
  // One writer (SQLite serializes writes anyway) and, for a file in WAL mode,
  // readers that run beside it. A temporary database exists per connection:
  // it gets the writer only.
  const std::size_t readers = path.empty() || path == ":memory:" ? 0 : kReaderConnections;
  auto database = std::make_unique<sql::Database>(sql::Dialect::sqlite, std::move(name), connect, 1, readers);
  sql::Result<sql::Lease> first = database->acquire();  // fail now, not at the first query
  if (!first) return first.error();
  return database;
}

}  // namespace octobot::store::sqlite
