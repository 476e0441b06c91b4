// lib/crypto/secret_box: AES-256-GCM sealing with a fresh nonce, and what it refuses.
#include "lib/crypto/crypto.hpp"
#include "lib/crypto/secret_box.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

namespace crypto = octobot::crypto;

TEST_CASE("SecretBox seals and opens, with a fresh nonce each time") {
  const crypto::SecretBox box(crypto::random_bytes(32));
  const std::string sealed = box.seal("sk-ant-api-key");
  CHECK(sealed.find("sk-ant") == std::string::npos);
  CHECK(crypto::base64_decode(sealed)->size() == 12 + 14 + 16);
  const auto opened = box.open(sealed);
  REQUIRE(opened);
  CHECK(*opened == "sk-ant-api-key");
  CHECK(box.seal("sk-ant-api-key") != sealed);
  const auto empty = box.open(box.seal(""));
  REQUIRE(empty);
  CHECK(empty->empty());
}

TEST_CASE("SecretBox detects tampering, wrong keys and bad input") {
  const crypto::SecretBox box(crypto::random_bytes(32));
  const std::string sealed = box.seal("credential", "cred-1");
  std::string raw = *crypto::base64_decode(sealed);
  for (std::size_t i : {std::size_t(0), std::size_t(13), raw.size() - 1}) {
    std::string tampered = raw;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    const auto opened = box.open(crypto::base64_encode(tampered), "cred-1");
    REQUIRE_FALSE(opened);
    CHECK(opened.error().message.find("authentication") != std::string::npos);
  }
  CHECK(box.open(sealed, "cred-1"));
  CHECK_FALSE(box.open(sealed, "cred-2"));
  CHECK_FALSE(box.open(sealed));
  CHECK_FALSE(crypto::SecretBox(crypto::random_bytes(32)).open(sealed, "cred-1"));
  CHECK(box.open("not base64!").error().message.find("base64") != std::string::npos);
  CHECK(box.open(crypto::base64_encode("short")).error().message.find("too short") != std::string::npos);
  CHECK_THROWS_AS(crypto::SecretBox("short key"), std::invalid_argument);
}
