// lib/crypto/encoding: base64 and base64url, strict on input.
#include "lib/crypto/encoding.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

namespace crypto = octobot::crypto;

TEST_CASE("base64 round-trips and rejects bad input") {
  CHECK(crypto::base64_encode("") == "");
  CHECK(crypto::base64_encode("f") == "Zg==");
  CHECK(crypto::base64_encode("fo") == "Zm8=");
  CHECK(crypto::base64_encode("foobar") == "Zm9vYmFy");
  CHECK(crypto::base64_decode("Zm9vYg==") == std::optional<std::string>("foob"));
  const std::string binary("\x00\xff\xfe\x10 \x7f", 6);
  CHECK(crypto::base64_decode(crypto::base64_encode(binary)) == binary);
  CHECK_FALSE(crypto::base64_decode("Zm9").has_value());        // length
  CHECK_FALSE(crypto::base64_decode("Zm9v!A==").has_value());   // alphabet
  CHECK_FALSE(crypto::base64_decode("Zg=a").has_value());       // padding in the middle
  CHECK_FALSE(crypto::base64_decode("Zh==").has_value());       // non-zero trailing bits
  CHECK_FALSE(crypto::base64_decode("Zm9v\n").has_value());     // whitespace
  CHECK(crypto::base64url_encode("\xfb\xff") == "-_8");
  CHECK(crypto::base64url_decode("-_8") == std::optional<std::string>("\xfb\xff"));
  CHECK(crypto::base64url_decode("-_8=") == std::optional<std::string>("\xfb\xff"));
  CHECK_FALSE(crypto::base64url_decode("+/8").has_value());
}
