// Opens a SQLite database file as a sql::Database.
//
// The pool holds ONE connection: SQLite allows a single writer anyway, so
// serialising every call on one connection is the simplest correct choice, and
// reads (microseconds, from the page cache with prepared statements) do not
// need more. The first connection is opened here so a bad path fails at open.
#pragma once
#include "server/store/sql/database.hpp"

#include <memory>
#include <string>

namespace octobot::store::sqlite {

// `path` names the file ("" is a private temporary database).
sql::Result<std::unique_ptr<sql::Database>> open_sqlite_database(const std::string& path);

}  // namespace octobot::store::sqlite
