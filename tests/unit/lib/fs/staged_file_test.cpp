// lib/fs/staged_file: staged (atomic) writes with an exact mode.
#include "lib/fs/staged_file.hpp"
#include "tests/unit/lib/fs/fs_test_support.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
#include <string>

namespace files = octobot::files;
using files::FsFailure;
using namespace files::testing;

TEST_CASE("StagedFile commit replaces the file atomically with the exact mode", "[fs]") {
  TempDir dir;
  const std::string path = write_file(dir.file("ca.key"), "old", 0600);
  const Umask permissive(0);
  auto staged = files::StagedFile::write(path, "new content", 0640);
  REQUIRE(staged);
  CHECK(content_of(path) == "old");  // nothing visible before commit
  CHECK(dir.entries() == 2);         // the file and its temporary
  REQUIRE(staged->commit());
  CHECK(content_of(path) == "new content");
  CHECK(mode_of(path) == 0640);
  CHECK(dir.entries() == 1);
}

TEST_CASE("StagedFile gets the exact mode whatever the umask", "[fs]") {
  TempDir dir;
  const Umask strict(0077);
  auto staged = files::StagedFile::write(dir.file("ca.crt"), "cert", 0644);
  REQUIRE(staged);
  REQUIRE(staged->commit());
  CHECK(mode_of(dir.file("ca.crt")) == 0644);
}

TEST_CASE("StagedFile destroyed without commit leaves nothing behind", "[fs]") {
  TempDir dir;
  {
    auto staged = files::StagedFile::write(dir.file("never"), "x", 0600);
    REQUIRE(staged);
    CHECK(dir.entries() == 1);
  }
  CHECK(dir.entries() == 0);
}

TEST_CASE("StagedFile commit_if_absent never replaces an existing file", "[fs]") {
  TempDir dir;
  SECTION("absent: the file appears") {
    auto staged = files::StagedFile::write(dir.file("master.key"), "mine", 0600);
    REQUIRE(staged);
    REQUIRE(staged->commit_if_absent());
    CHECK(content_of(dir.file("master.key")) == "mine");
    CHECK(mode_of(dir.file("master.key")) == 0600);
    CHECK(dir.entries() == 1);
  }
  SECTION("present: EEXIST and the other file is kept") {
    const std::string path = write_file(dir.file("master.key"), "theirs", 0600);
    {
      auto staged = files::StagedFile::write(path, "mine", 0600);
      REQUIRE(staged);
      auto refused = staged->commit_if_absent();
      REQUIRE_FALSE(refused);
      CHECK(refused.error().failure == FsFailure::link);
      CHECK(refused.error().os_error == EEXIST);
    }
    CHECK(content_of(path) == "theirs");
    CHECK(dir.entries() == 1);
  }
}

TEST_CASE("StagedFile::write reports a missing directory", "[fs]") {
  TempDir dir;
  auto failed = files::StagedFile::write(dir.file("missing/ca.key"), "x", 0600);
  REQUIRE_FALSE(failed);
  CHECK(failed.error().failure == FsFailure::create);
  CHECK(failed.error().os_error == ENOENT);
  CHECK(failed.error().message.find(dir.file("missing/ca.key.tmp-")) != std::string::npos);
}
