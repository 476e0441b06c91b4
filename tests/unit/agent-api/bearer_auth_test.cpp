// agent-api/bearer_auth: "Bearer <token>" checked against the token's SHA-256.
#include "agent-api/bearer_auth.hpp"

#include "lib/crypto/crypto.hpp"

#include <catch2/catch.hpp>

using octobot::agent_api::bearer_matches;

TEST_CASE("bearer auth: only the token whose SHA-256 is configured passes", "[agent-api][auth]") {
  const std::string token = "session-api-token-0123456789";
  const std::string hash = octobot::crypto::sha256_hex(token);
  CHECK(bearer_matches("Bearer " + token, hash));
  const std::string wrong = GENERATE_COPY(std::string(), token, "Bearer", "Bearer ", "bearer " + token,
                                          "Basic " + token, "Bearer " + token + " ", "Bearer  " + token,
                                          "Bearer " + token.substr(1), "Bearer " + hash);
  INFO(wrong);
  CHECK_FALSE(bearer_matches(wrong, hash));
  CHECK_FALSE(bearer_matches("Bearer " + token, ""));
}
