// agent/setup/owned_file: whole-file reads, replacing writes with a mode,
// appends that keep lines apart.
#include "agent/setup/owned_file.hpp"
#include "tests/unit/agent/agent_process.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <sys/stat.h>

using octobot::agent::test::TempDir;

TEST_CASE("owned files: write replaces with the exact mode, append adds a line", "[agent][setup]") {
  TempDir dir;
  const std::string path = dir.file("f");
  REQUIRE(octobot::agent::write_owned_file(path, "one\n", 0640, std::nullopt).ok());
  REQUIRE(octobot::agent::write_owned_file(path, "two", 0600, std::nullopt).ok());
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  auto text = octobot::agent::read_file(path);
  REQUIRE(text.ok());
  CHECK(*text == "two");
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) == 1);

  REQUIRE(octobot::agent::append_to_file(path, "three\n", 0644).ok());
  REQUIRE(octobot::agent::append_to_file(path, "four\n", 0644).ok());
  CHECK(*octobot::agent::read_file(path) == "two\nthree\nfour\n");
  REQUIRE(octobot::agent::append_to_file(dir.file("new"), "x\n", 0644).ok());
  CHECK(*octobot::agent::read_file(dir.file("new")) == "x\n");

  auto missing = octobot::agent::read_file(dir.file("missing"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == "cannot read " + dir.file("missing") + ": No such file or directory");
}
