// The pieces under the store: placeholder rewriting, page cursors, URL
// redaction. They need no database.
#include "server/store/page_cursor.hpp"
#include "server/store/postgres/placeholders.hpp"
#include "server/store/postgres/postgres_database.hpp"

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

TEST_CASE("page cursors round-trip and reject garbage", "[store][driver]") {
  const std::string cursor = encode_cursor({1'700'000'000'123, "8d0c6f9e-4a9b-4a39-9a5e-0a1b2c3d4e5f"});
  for (char c : cursor) CHECK((std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'));
  const std::optional<CursorPosition> decoded = decode_cursor(cursor);
  REQUIRE(decoded);
  CHECK(decoded->created_at == 1'700'000'000'123);
  CHECK(decoded->id == "8d0c6f9e-4a9b-4a39-9a5e-0a1b2c3d4e5f");
  CHECK(decode_cursor(encode_cursor({-5, "a:b"}))->id == "a:b");

  CHECK_FALSE(decode_cursor(""));
  CHECK_FALSE(decode_cursor("====="));
  CHECK_FALSE(decode_cursor("MTI"));       // "12": no colon
  CHECK_FALSE(decode_cursor("OmlkCg"));    // ":id\n": no time
  CHECK_FALSE(decode_cursor("MTI6"));      // "12:": no id
  CHECK_FALSE(decode_cursor("MTJhOmlk"));  // "12a:id"
  CHECK_FALSE(decode_cursor("OTk5OTk5OTk5OTk5OTk5OTk5OTk5OmlK"));  // time overflows int64
}

TEST_CASE("database URLs are shown without their password", "[store][driver]") {
  using postgres::redact_password;
  CHECK(redact_password("postgresql://u:secret@h:5432/db") == "postgresql://u:***@h:5432/db");
  CHECK(redact_password("postgres://u@h/db") == "postgres://u@h/db");
  CHECK(redact_password("postgres://h/db?user=u&password=secret&sslmode=require") ==
        "postgres://h/db?user=u&password=***&sslmode=require");
  CHECK(redact_password("postgresql://u:p%40ss@h/db") == "postgresql://u:***@h/db");
}

}  // namespace octobot::store
