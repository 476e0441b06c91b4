// A sql::Connection to PostgreSQL over libpqxx.
//
// Each distinct statement is prepared once per connection (named s1, s2, …)
// after its `?` placeholders are rewritten to $1..$n. Parameters travel as
// text and PostgreSQL infers their types from the statement. pqxx exceptions
// map to sql::Error kinds: unique_violation → conflict, foreign_key_violation →
// missing_reference, other integrity violations → invalid, a lost or
// unreachable server → unavailable (and the connection reports broken()),
// anything else → internal.
#pragma once
#include "server/store/sql/connection.hpp"

#include <memory>
#include <string>

namespace octobot::store::postgres {

// Connects to the libpq connection URI `url`. Error messages never contain it.
sql::Result<std::unique_ptr<sql::Connection>> connect_postgres(const std::string& url);

}  // namespace octobot::store::postgres
