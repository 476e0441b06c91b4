// postgres/placeholders: the portable ? placeholders rewritten for
// PostgreSQL. No database needed.
#include "server/store/postgres/placeholders.hpp"

#include <catch2/catch.hpp>

namespace octobot::store {

TEST_CASE("? placeholders become $1..$n outside quotes and comments", "[store][driver]") {
  using postgres::rewrite_placeholders;
  CHECK(rewrite_placeholders("SELECT a FROM t WHERE b = ? AND (c, d) < (?, ?) LIMIT ?") ==
        "SELECT a FROM t WHERE b = $1 AND (c, d) < ($2, $3) LIMIT $4");
  CHECK(rewrite_placeholders("SELECT '?', \"we?ird\", 'it''s ?' FROM t WHERE x = ?") ==
        "SELECT '?', \"we?ird\", 'it''s ?' FROM t WHERE x = $1");
  CHECK(rewrite_placeholders("SELECT 1 -- why?\nWHERE y = ?") == "SELECT 1 -- why?\nWHERE y = $1");
  CHECK(rewrite_placeholders("no params") == "no params");
}

}  // namespace octobot::store
