// agent/setup/steps: the set-up plan (order, skipping, hooks) and running it.
#include "agent/setup/steps.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using octobot::agent::AgentConfig;
using octobot::agent::plan_setup;
using octobot::agent::run_setup;
using octobot::agent::SetupHooks;

namespace {

std::vector<std::string> names_of(const AgentConfig& config, const SetupHooks& hooks = {}) {
  auto steps = plan_setup(config, hooks);
  REQUIRE(steps.ok());
  std::vector<std::string> names;
  for (const auto& step : *steps) names.push_back(step.name);
  return names;
}

}  // namespace

TEST_CASE("setup steps: order, skipping and the session CA hook", "[agent][setup]") {
  AgentConfig config;
  CHECK(names_of(config) == std::vector<std::string>{"users", "home", "workspace", "firewall", "privileges"});
  SetupHooks hooks;
  hooks.session_ca = [] { return octobot::Expected<void, std::string>(); };
  CHECK(names_of(config, hooks) ==
        std::vector<std::string>{"users", "home", "workspace", "session-ca", "firewall", "privileges"});
  config.skip_steps = {"firewall", "session-ca"};
  CHECK(names_of(config, hooks) == std::vector<std::string>{"users", "home", "workspace", "privileges"});
  config.skip_setup = true;
  CHECK(names_of(config, hooks).empty());
  config.skip_steps = {"fw"};
  auto unknown = plan_setup(config);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error() ==
        "unknown set-up step 'fw' in OCTOBOT_SKIP_STEPS (known: users, home, workspace, session-ca, firewall, "
        "privileges)");
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
