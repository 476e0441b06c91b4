// lib/fs: bounded reads with the owner-only mode check, temp files and staged
// (atomic) writes.
#include "lib/fs/file_io.hpp"
#include "lib/fs/staged_file.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace {

namespace files = octobot::files;
using files::FsFailure;

class TempDir {
 public:
  TempDir() {
    char path[] = "/tmp/octobot-fs-test-XXXXXX";
    REQUIRE(::mkdtemp(path) != nullptr);
    path_ = path;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  std::size_t entries() const {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(path_)) ++count;
    return count;
  }

 private:
  std::string path_;
};

std::string write_file(const std::string& path, const std::string& content, mode_t mode) {
  std::ofstream(path) << content;
  REQUIRE(::chmod(path.c_str(), mode) == 0);
  return path;
}

std::string content_of(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

mode_t mode_of(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

// Sets the umask for one scope.
class Umask {
 public:
  explicit Umask(mode_t mask) : previous_(::umask(mask)) {}
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;
  ~Umask() { ::umask(previous_); }

 private:
  mode_t previous_;
};

}  // namespace

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
