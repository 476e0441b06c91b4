// Brings a database's schema up to date with the embedded migrations.
//
// In ONE transaction: creates schema_migrations if missing, applies every
// migration whose version is not recorded there, in version order, and records
// each (version, name, applied_at). Either all pending migrations are applied
// or none. On PostgreSQL an advisory lock makes concurrent starts wait for each
// other; SQLite's BEGIN IMMEDIATE does the same. Returns how many were applied
// (0 when the schema was already current).
#pragma once
#include "server/store/migrations.hpp"
#include "server/store/sql/database.hpp"

#include <cstddef>
#include <span>

namespace octobot::store {

sql::Result<std::size_t> migrate(sql::Database& database);

// The same, with an explicit migration list (tests use it).
sql::Result<std::size_t> migrate(sql::Database& database, std::span<const Migration> migrations);

}  // namespace octobot::store
