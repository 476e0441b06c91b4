// page_cursor: the opaque keyset cursors of list_sessions. No database needed.
#include "server/store/page_cursor.hpp"

#include <catch2/catch.hpp>

#include <cctype>

namespace octobot::store {

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

}  // namespace octobot::store
