// lib/fs/file_io: bounded reads with the owner-only mode check, and temp files.
#include "lib/fs/file_io.hpp"
#include "tests/unit/lib/fs/fs_test_support.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace files = octobot::files;
using files::FsFailure;
using namespace files::testing;

TEST_CASE("read_small_file reads a regular file whole", "[fs]") {
  TempDir dir;
  const std::string path = write_file(dir.file("a.txt"), "line one\nline two\n", 0644);
  auto text = files::read_small_file(path, 1024);
  REQUIRE(text);
  CHECK(*text == "line one\nline two\n");
}

TEST_CASE("read_small_file with owner_only refuses group or other access", "[fs]") {
  TempDir dir;
  const std::string path = write_file(dir.file("key"), "secret", 0644);

  auto refused = files::read_small_file(path, 1024, files::FileAccess::owner_only);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().failure == FsFailure::exposed_mode);
  CHECK(refused.error().message ==
        path + " has mode 0644 (group or others can access it); run: chmod 600 " + path);

  CHECK(files::read_small_file(path, 1024, files::FileAccess::any));  // the check is only on request
  REQUIRE(::chmod(path.c_str(), 0600) == 0);
  auto accepted = files::read_small_file(path, 1024, files::FileAccess::owner_only);
  REQUIRE(accepted);
  CHECK(*accepted == "secret");
  REQUIRE(::chmod(path.c_str(), 0604) == 0);
  CHECK_FALSE(files::read_small_file(path, 1024, files::FileAccess::owner_only));
}

TEST_CASE("read_small_file enforces the size cap", "[fs]") {
  TempDir dir;
  const std::string path = write_file(dir.file("big"), std::string(100, 'x'), 0600);
  CHECK(files::read_small_file(path, 100));
  auto refused = files::read_small_file(path, 99);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().failure == FsFailure::too_large);
  CHECK(refused.error().message == "cannot read " + path + ": larger than 99 bytes");
}

TEST_CASE("read_small_file refuses what is not a regular file, without blocking", "[fs]") {
  TempDir dir;
  SECTION("a directory") {
    auto refused = files::read_small_file(dir.file(""), 1024);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().failure == FsFailure::not_regular);
    CHECK(refused.error().message == "cannot read " + dir.file("") + ": not a regular file");
  }
  SECTION("a FIFO with no writer") {
    const std::string fifo = dir.file("fifo");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto refused = files::read_small_file(fifo, 1024);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().failure == FsFailure::not_regular);
  }
}

TEST_CASE("read_small_file reports a missing file and can refuse symbolic links", "[fs]") {
  TempDir dir;
  auto missing = files::read_small_file(dir.file("missing"), 1024);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().failure == FsFailure::open);
  CHECK(missing.error().os_error == ENOENT);
  CHECK(missing.error().message == "cannot read " + dir.file("missing") + ": No such file or directory");

  const std::string target = write_file(dir.file("target"), "t", 0600);
  REQUIRE(::symlink(target.c_str(), dir.file("link").c_str()) == 0);
  auto followed = files::read_small_file(dir.file("link"), 1024);
  REQUIRE(followed);
  CHECK(*followed == "t");
  auto refused = files::read_small_file(dir.file("link"), 1024, files::FileAccess::any, files::Symlinks::refuse);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().os_error == ELOOP);
}

TEST_CASE("create_temp_file makes a new 0600 file from the pattern", "[fs]") {
  TempDir dir;
  auto first = files::create_temp_file(dir.file("obj."), ".meta");
  auto second = files::create_temp_file(dir.file("obj."), ".meta");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->path != second->path);
  CHECK(first->path.size() == dir.file("obj.XXXXXX.meta").size());
  CHECK(first->path.ends_with(".meta"));
  CHECK(mode_of(first->path) == 0600);
  REQUIRE(files::write_all(first->fd.get(), "payload", first->path));
  REQUIRE(files::sync_file(first->fd.get(), first->path));
  CHECK(content_of(first->path) == "payload");

  auto failed = files::create_temp_file(dir.file("missing-dir/obj."));
  REQUIRE_FALSE(failed);
  CHECK(failed.error().failure == FsFailure::create);
  CHECK(failed.error().message == "cannot create " + dir.file("missing-dir/obj.XXXXXX") + ": No such file or directory");
}
