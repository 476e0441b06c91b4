// Picks the driver for a database name and opens it (without migrating):
// "postgres://…" or "postgresql://…" → PostgreSQL; anything else, including
// "", → the SQLite file at that path ("" is a private temporary database).
#pragma once
#include "server/store/sql/database.hpp"

#include <memory>
#include <string>

namespace octobot::store {

bool is_postgres_url(const std::string& database);

sql::Result<std::unique_ptr<sql::Database>> open_database(const std::string& database);

}  // namespace octobot::store
