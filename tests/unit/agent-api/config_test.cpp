// agent-api/config: defaults, the required token hash, addresses, errors.
#include "agent-api/config.hpp"

#include <catch2/catch.hpp>

using octobot::agent_api::ApiConfig;
using octobot::agent_api::parse_api_config;

namespace {

const std::string kHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

ApiConfig parsed(const std::vector<std::string>& args, const octobot::config::Environment& env) {
  auto config = parse_api_config(args, env);
  INFO((config ? std::string() : config.error()));
  REQUIRE(config.ok());
  return *config;
}

std::string error_of(const std::vector<std::string>& args, const octobot::config::Environment& env) {
  auto config = parse_api_config(args, env);
  REQUIRE_FALSE(config.ok());
  return config.error();
}

}  // namespace

TEST_CASE("agent-api config: defaults with only the token hash", "[agent-api][config]") {
  const ApiConfig config = parsed({}, {{"OCTOBOT_API_TOKEN_SHA256", kHash}});
  CHECK(config.listen.address().to_string() == "0.0.0.0");
  CHECK(config.listen.port() == 3002);
  CHECK(config.proxy_address.address().to_string() == "127.0.0.1");
  CHECK(config.proxy_address.port() == 17080);
  CHECK(config.token_sha256 == kHash);
  CHECK(config.log_level == octobot::log::Level::info);
  CHECK_FALSE(config.help);
}

TEST_CASE("agent-api config: variables, flags win, the hash is stored lowercase", "[agent-api][config]") {
  std::string upper = kHash;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const ApiConfig config =
      parsed({"--listen", "[::1]:4000", "--proxy-address=127.0.0.2:18080"},
             {{"OCTOBOT_API_TOKEN_SHA256", upper}, {"OCTOBOT_API_LISTEN", "127.0.0.1:1"}, {"OCTOBOT_API_ARGV", "x"}});
  CHECK(config.listen.address().to_string() == "::1");
  CHECK(config.listen.port() == 4000);
  CHECK(config.proxy_address.address().to_string() == "127.0.0.2");
  CHECK(config.proxy_address.port() == 18080);
  CHECK(config.token_sha256 == kHash);
  CHECK(parsed({"--listen=127.0.0.1:0", "--token-sha256", kHash}, {}).listen.port() == 0);
  CHECK(parsed({"--help"}, {}).help);
}

TEST_CASE("agent-api config: errors name the flag or variable", "[agent-api][config]") {
  CHECK(error_of({}, {}) == "OCTOBOT_API_TOKEN_SHA256 is not set: the SHA-256 of the bearer token, 64 hex digits");
  CHECK(error_of({}, {{"OCTOBOT_API_TOKEN_SHA256", "abc"}}) ==
        "OCTOBOT_API_TOKEN_SHA256: expected 64 hex digits, got 3 characters");
  CHECK(error_of({"--token-sha256=" + std::string(63, '0') + "x"}, {}) ==
        "--token-sha256: expected 64 hex digits, got 64 characters that are not all hex digits");
  const octobot::config::Environment with_hash = {{"OCTOBOT_API_TOKEN_SHA256", kHash}};
  CHECK(error_of({"--listen=localhost:3002"}, with_hash) ==
        "--listen: expected an IP address and a port (e.g. 127.0.0.1:3002 or [::1]:3002), got \"localhost:3002\"");
  CHECK(error_of({}, {{"OCTOBOT_API_TOKEN_SHA256", kHash}, {"OCTOBOT_API_LISTEN", "::1:3002"}})
            .starts_with("OCTOBOT_API_LISTEN: expected an IP address and a port"));
  CHECK(error_of({"--proxy-address=127.0.0.1:0"}, with_hash).starts_with("--proxy-address: expected an IP address"));
  CHECK(error_of({"--listen=127.0.0.1:70000"}, with_hash).starts_with("--listen: expected an IP address"));
  CHECK(error_of({"--log-level=loud"}, with_hash) == "--log-level: expected debug, info, warn or error");
  CHECK(error_of({"extra"}, with_hash) == "unexpected argument \"extra\"");
  CHECK_FALSE(error_of({"--bogus"}, with_hash).empty());
}
