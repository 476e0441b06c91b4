// lib/crypto/crypto: randomness, identifiers, hashing and comparison.
#include "lib/crypto/crypto.hpp"

#include <catch2/catch.hpp>

#include <set>

namespace crypto = octobot::crypto;

TEST_CASE("sha256 matches the FIPS 180-2 test vectors") {
  CHECK(crypto::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(crypto::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(crypto::sha256("abc").size() == 32);
}

TEST_CASE("hmac_sha256 matches RFC 4231 test case 2") {
  CHECK(crypto::hex_encode(crypto::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("random tokens and UUIDs are well formed and distinct") {
  CHECK(crypto::random_bytes(0).empty());
  CHECK(crypto::random_bytes(48).size() == 48);
  const std::string token = crypto::random_token();
  CHECK(token.size() == 43);
  CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    const std::string id = crypto::uuid_v4();
    REQUIRE(crypto::is_uuid(id));
    CHECK(id[14] == '4');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
    ids.insert(id);
  }
  CHECK(ids.size() == 100);
}

TEST_CASE("is_uuid accepts the canonical form only") {
  CHECK(crypto::is_uuid("123e4567-e89b-12d3-a456-426614174000"));
  CHECK(crypto::is_uuid("123E4567-E89B-12D3-A456-426614174000"));
  CHECK_FALSE(crypto::is_uuid("123e4567e89b12d3a456426614174000"));
  CHECK_FALSE(crypto::is_uuid("123e4567-e89b-12d3-a456-42661417400"));
  CHECK_FALSE(crypto::is_uuid("123e4567-e89b-12d3-a456-4266141740000"));
  CHECK_FALSE(crypto::is_uuid("g23e4567-e89b-12d3-a456-426614174000"));
  CHECK_FALSE(crypto::is_uuid("{23e4567-e89b-12d3-a456-426614174000}"));
  CHECK_FALSE(crypto::is_uuid("local"));
}

TEST_CASE("constant_time_equal compares contents and lengths") {
  CHECK(crypto::constant_time_equal("secret", "secret"));
  CHECK(crypto::constant_time_equal("", ""));
  CHECK_FALSE(crypto::constant_time_equal("secret", "secreT"));
  CHECK_FALSE(crypto::constant_time_equal("secret", "secret2"));
}
