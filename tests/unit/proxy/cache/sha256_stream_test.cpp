// proxy/cache/sha256_stream: incremental SHA-256 of a blob as it streams.
#include "lib/crypto/crypto.hpp"
#include "proxy/cache/sha256_stream.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <span>
#include <string>

using namespace octobot::proxy;

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
