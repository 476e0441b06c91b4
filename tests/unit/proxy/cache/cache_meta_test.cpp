// proxy/cache/cache_meta: the meta file codec and safe content types.
#include "proxy/cache/cache_meta.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace octobot::proxy;

TEST_CASE("meta files round-trip and reject junk", "[proxy][cache][meta]") {
  const EntryMeta meta{"application/vnd.docker.distribution.manifest.v2+json", 1234};
  const auto decoded = decode_meta(encode_meta(meta));
  REQUIRE(decoded);
  CHECK(decoded->content_type == meta.content_type);
  CHECK(decoded->size == 1234);

  CHECK_FALSE(decode_meta(""));
  CHECK_FALSE(decode_meta("{"));
  CHECK_FALSE(decode_meta("[]"));
  CHECK_FALSE(decode_meta(R"({"content_type":"a/b"})"));
  CHECK_FALSE(decode_meta(R"({"content_type":"a/b","size":-1})"));
  CHECK_FALSE(decode_meta(R"({"content_type":"a/b","size":"12"})"));
  CHECK_FALSE(decode_meta(R"({"content_type":"a\nb","size":1})"));
  CHECK_FALSE(decode_meta(R"({"content_type":"","size":1})"));

  CHECK(safe_content_type("text/plain; charset=utf-8") == "text/plain; charset=utf-8");
  CHECK(safe_content_type("") == "application/octet-stream");
  CHECK(safe_content_type("a\rb") == "application/octet-stream");
  CHECK(safe_content_type(std::string(256, 'a')) == "application/octet-stream");
}
