// The registry cache's building blocks: LRU index, meta codec, incremental
// SHA-256 and the fill completion signal.
#include "lib/crypto/crypto.hpp"
#include "proxy/cache/cache_meta.hpp"
#include "proxy/cache/fill_completion.hpp"
#include "proxy/cache/lru_index.hpp"
#include "proxy/cache/sha256_stream.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace octobot::proxy;

TEST_CASE("LruIndex keeps order and total size", "[proxy][cache][lru]") {
  LruIndex index;
  index.insert_most_recent({"a", 10, "t"});
  index.insert_most_recent({"b", 20, "t"});
  index.insert_most_recent({"c", 30, "t"});
  CHECK(index.total_bytes() == 60);
  CHECK(index.keys_in_lru_order() == std::vector<std::string>{"a", "b", "c"});

  CHECK(index.touch("a"));
  CHECK_FALSE(index.touch("zz"));
  CHECK(index.keys_in_lru_order() == std::vector<std::string>{"b", "c", "a"});
  CHECK(index.least_recent_except("") == "b");
  CHECK(index.least_recent_except("b") == "c");

  index.insert_most_recent({"b", 5, "u"});  // replaces
  CHECK(index.entries() == 3);
  CHECK(index.total_bytes() == 45);
  CHECK(index.find("b")->content_type == "u");
  CHECK(index.keys_in_lru_order() == std::vector<std::string>{"c", "a", "b"});

  CHECK(index.erase("c")->size == 30);
  CHECK_FALSE(index.erase("c"));
  CHECK(index.total_bytes() == 15);
  index.clear();
  CHECK(index.entries() == 0);
  CHECK(index.total_bytes() == 0);
  CHECK_FALSE(index.least_recent_except(""));
}

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

TEST_CASE("Sha256Stream over chunks equals the one-shot hash", "[proxy][cache][sha256]") {
  const std::string data = "The quick brown fox jumps over the lazy dog";
  auto stream = Sha256Stream::create();
  REQUIRE(stream);
  for (std::size_t at = 0; at < data.size(); at += 7) {
    REQUIRE(stream->update(std::span<const char>(data.data() + at, std::min<std::size_t>(7, data.size() - at))));
  }
  CHECK(stream->finish_hex() == "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592");
  CHECK(stream->finish_hex() == std::nullopt);  // spent
  CHECK_FALSE(stream->update(std::span<const char>(data.data(), 1)));

  auto empty = Sha256Stream::create();
  REQUIRE(empty);
  CHECK(empty->finish_hex() == octobot::crypto::sha256_hex(""));
}

TEST_CASE("FillCompletion runs each callback exactly once", "[proxy][cache][completion]") {
  FillCompletion completion;
  int early = 0, late = 0, after_throw = 0;
  completion.on_done([&] { ++early; });
  completion.on_done([] { throw std::runtime_error("callback failure is contained"); });
  completion.on_done([&] { ++after_throw; });
  completion.on_done({});  // ignored
  CHECK_FALSE(completion.finished());
  completion.finish();
  completion.finish();
  CHECK(completion.finished());
  CHECK(early == 1);
  CHECK(after_throw == 1);
  completion.on_done([&] { ++late; });
  CHECK(late == 1);
  CHECK(FillCompletion::already_finished()->finished());
}
