#include "agent/setup/home_dir.hpp"
#include "agent/setup/steps.hpp"
#include "agent/setup/users.hpp"
#include "tests/unit/agent/agent_process.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

using octobot::agent::AgentConfig;
using octobot::agent::plan_setup;
using octobot::agent::run_setup;
using octobot::agent::SetupHooks;
using octobot::agent::test::TempDir;

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

TEST_CASE("users: useradd argv", "[agent][setup]") {
  octobot::agent::UserSpec octobot{"octobot", 1000, "/data/home", "/bin/bash", false};
  CHECK(octobot::agent::useradd_argv(octobot) ==
        std::vector<std::string>{"useradd", "--uid", "1000", "--user-group", "--home-dir", "/data/home",
                                 "--no-create-home", "--shell", "/bin/bash", "--", "octobot"});
  octobot::agent::UserSpec proxy{"octoproxy", 1001, "/nonexistent", "/usr/sbin/nologin", true, true};
  CHECK(octobot::agent::useradd_argv(proxy) ==
        std::vector<std::string>{"useradd", "--uid", "1001", "--gid", "octoproxy", "--home-dir", "/nonexistent",
                                 "--no-create-home", "--shell", "/usr/sbin/nologin", "--system", "--", "octoproxy"});
}

TEST_CASE("users: an existing user is left alone", "[agent][setup]") {
  // root exists everywhere; useradd must not even be run.
  CHECK(octobot::agent::ensure_user({"root", 4242, "/x", "/bin/sh", true}).ok());
}

TEST_CASE("home: created 0700, reused, a symbolic link refused", "[agent][setup]") {
  TempDir dir;
  const std::string data = dir.file("data");
  const std::string home = data + "/home";
  REQUIRE(octobot::agent::prepare_home(data, home, std::nullopt).ok());
  struct stat st {};
  REQUIRE(::stat(home.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0700);
  ::chmod(home.c_str(), 0755);
  REQUIRE(octobot::agent::prepare_home(data, home, std::nullopt).ok());
  REQUIRE(::stat(home.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0700);

  if (::geteuid() == 0) {
    octobot::agent::Identity nobody;
    nobody.name = "nobody";
    nobody.uid = 65534;
    nobody.gid = 65534;
    REQUIRE(octobot::agent::prepare_home(data, home, nobody).ok());
    REQUIRE(::stat(home.c_str(), &st) == 0);
    CHECK(st.st_uid == 65534);
  }

  const std::string link_home = data + "/linked";
  std::filesystem::create_directory_symlink(dir.path(), link_home);
  auto refused = octobot::agent::prepare_home(data, link_home, std::nullopt);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error() == link_home + " is not a directory");
}
