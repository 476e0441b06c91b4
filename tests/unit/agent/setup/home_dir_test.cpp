// agent/setup/home_dir: the agent user's home directory on the session volume.
#include "agent/setup/home_dir.hpp"
#include "tests/unit/agent/agent_process.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using octobot::agent::test::TempDir;

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
