// agent/setup/steps: the set-up plan (order, skipping, hooks) and running it.
#include "agent/setup/steps.hpp"
#include "tests/unit/agent/agent_process.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

#include <string>
#include <vector>

using octobot::agent::AgentConfig;
using octobot::agent::plan_setup;
using octobot::agent::run_setup;
using octobot::agent::test::TempDir;

namespace {

std::vector<std::string> names_of(const AgentConfig& config) {
  auto steps = plan_setup(config);
  REQUIRE(steps.ok());
  std::vector<std::string> names;
  for (const auto& step : *steps) names.push_back(step.name);
  return names;
}

}  // namespace

TEST_CASE("setup steps: order and skipping", "[agent][setup]") {
  AgentConfig config;
  CHECK(names_of(config) ==
        std::vector<std::string>{"users", "home", "workspace", "session-ca", "firewall", "privileges"});
  config.skip_steps = {"firewall", "session-ca"};
  CHECK(names_of(config) == std::vector<std::string>{"users", "home", "workspace", "privileges"});
  config.skip_setup = true;
  CHECK(names_of(config).empty());
  config.skip_steps = {"fw"};
  auto unknown = plan_setup(config);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error() ==
        "unknown set-up step 'fw' in OCTOBOT_SKIP_STEPS (known: users, home, workspace, session-ca, firewall, "
        "privileges)");
}

namespace {

// Only the session-ca step, as the agent's own user, in a temporary directory.
AgentConfig session_ca_only(const TempDir& dir) {
  AgentConfig config;
  config.data_dir = dir.file("data");
  config.proxy_user = "";
  config.ca_cert = dir.file("session-ca.crt");
  config.ca_bundle = dir.file("bundle.crt");
  config.proxy_argv = {"octobot-proxy", "--config", dir.file("data/proxy/proxy.yaml")};
  config.skip_steps = {"users", "home", "workspace", "firewall", "privileges"};
  return config;
}

}  // namespace

TEST_CASE("setup steps: session-ca writes the CA and the proxy's config, needs the token hash", "[agent][setup]") {
  TempDir dir;
  AgentConfig config = session_ca_only(dir);
  auto steps = plan_setup(config);
  REQUIRE(steps.ok());
  auto refused = run_setup(*steps);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error() == "set-up step 'session-ca' failed: OCTOBOT_PROXY_TOKEN_SHA256 is not set: the proxy's "
                           "control API needs its token's SHA-256");

  config.proxy_token_sha256 = std::string(64, 'a');
  steps = plan_setup(config);
  REQUIRE(steps.ok());
  auto done = run_setup(*steps);
  INFO((done ? std::string() : done.error()));
  REQUIRE(done.ok());
  CHECK(std::filesystem::is_regular_file(dir.file("data/proxy/ca.key")));
  CHECK(std::filesystem::is_regular_file(dir.file("data/proxy/ca.crt")));
  CHECK(std::filesystem::is_regular_file(dir.file("session-ca.crt")));
  CHECK(std::filesystem::is_regular_file(dir.file("data/proxy/proxy.yaml")));
}

TEST_CASE("setup steps: without a proxy, session-ca makes the CA only", "[agent][setup]") {
  TempDir dir;
  AgentConfig config = session_ca_only(dir);
  config.proxy_argv.clear();
  auto steps = plan_setup(config);
  REQUIRE(steps.ok());
  REQUIRE(run_setup(*steps).ok());
  CHECK(std::filesystem::is_regular_file(dir.file("data/proxy/ca.crt")));
  CHECK_FALSE(std::filesystem::exists(dir.file("data/proxy/proxy.yaml")));
}

TEST_CASE("setup steps: the first failure stops the run and names the step", "[agent][setup]") {
  int ran = 0;
  std::vector<octobot::agent::SetupStep> steps = {
      {"one",
       [&] {
         ++ran;
         return octobot::Expected<void, std::string>();
       }},
      {"two",
       [&] {
         ++ran;
         return octobot::Expected<void, std::string>(std::string("it broke"));
       }},
      {"three",
       [&] {
         ++ran;
         return octobot::Expected<void, std::string>();
       }},
  };
  auto result = run_setup(steps);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error() == "set-up step 'two' failed: it broke");
  CHECK(ran == 2);
}
