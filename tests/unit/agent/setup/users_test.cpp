// agent/setup/users: the container's users, created with useradd (argv only).
#include "agent/setup/users.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

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
