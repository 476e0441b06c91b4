// Opens a PostgreSQL database (a postgres:// or postgresql:// URI) as a
// sql::Database with a small connection pool.
//
// A connect_timeout is added to the URI when it has none, so an unreachable
// server fails in seconds. The first connection is opened here so a bad URI
// fails at open. Connections that lose their server are dropped by the pool
// and replaced on the next acquire().
#pragma once
#include "server/store/sql/database.hpp"

#include <memory>
#include <string>

namespace octobot::store::postgres {

inline constexpr std::size_t kPoolSize = 4;

sql::Result<std::unique_ptr<sql::Database>> open_postgres_database(const std::string& url);

// `url` with the password (if any) replaced by "***", for messages and logs.
std::string redact_password(const std::string& url);

}  // namespace octobot::store::postgres
