// postgres/postgres_database: what of a database URL may be shown. No
// database needed.
#include "server/store/postgres/postgres_database.hpp"

#include <catch2/catch.hpp>

namespace octobot::store {

TEST_CASE("database URLs are shown without their password", "[store][driver]") {
  using postgres::redact_password;
  CHECK(redact_password("postgresql://u:secret@h:5432/db") == "postgresql://u:***@h:5432/db");
  CHECK(redact_password("postgres://u@h/db") == "postgres://u@h/db");
  CHECK(redact_password("postgres://h/db?user=u&password=secret&sslmode=require") ==
        "postgres://h/db?user=u&password=***&sslmode=require");
  CHECK(redact_password("postgresql://u:p%40ss@h/db") == "postgresql://u:***@h/db");
}

}  // namespace octobot::store
