#include "server/git/snapshot.hpp"

#include "lib/proc/run.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

namespace fs = std::filesystem;
using octobot::git::snapshot_folder;

namespace {

std::string git_out(const fs::path& repo, std::vector<std::string> args) {
  std::vector<std::string> argv{"git", "-C", repo.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = octobot::proc::run(argv);
  REQUIRE(result.ok());
  REQUIRE(result->exit_code == 0);
  std::string out = result->stdout_text;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// A temporary root holding folder/src.
struct Dirs {
  Dirs() : root(temp.path()) { fs::create_directories(root / "folder" / "src"); }
  octobot::testing::TempDir temp{"snapshot_test"};
  fs::path root;
};

}  // namespace

TEST_CASE("a plain folder becomes a one-commit repository; the folder is untouched", "[git][snapshot]") {
  Dirs dirs;
  const fs::path folder = dirs.root / "folder";
  std::ofstream(folder / "README.md") << "hello\n";
  std::ofstream(folder / "src" / "main.c") << "int main() { return 0; }\n";
  fs::create_symlink("/etc/passwd", folder / "outside-link");  // copied as a link, never followed
  const auto before = fs::last_write_time(folder);

  const fs::path snapshot = dirs.root / "snapshots" / "s1";
  auto made = snapshot_folder(folder, snapshot);
  INFO((made ? std::string() : made.error()));
  REQUIRE(made.ok());
  CHECK(git_out(snapshot, {"rev-list", "--count", "HEAD"}) == "1");
  CHECK(git_out(snapshot, {"rev-parse", "--abbrev-ref", "HEAD"}) == "main");
  CHECK(git_out(snapshot, {"ls-files"}) == "README.md\noutside-link\nsrc/main.c");
  CHECK(git_out(snapshot, {"status", "--porcelain"}).empty());
  CHECK(fs::is_symlink(snapshot / "outside-link"));
  CHECK_FALSE(fs::exists(folder / ".git"));
  CHECK(fs::last_write_time(folder) == before);
  for (const auto& entry : fs::directory_iterator(dirs.root / "snapshots")) {
    CHECK(entry.path().filename() == "s1");  // no staging dir left
  }

  // A second call reuses the snapshot (a restarted session keeps its base).
  const std::string head = git_out(snapshot, {"rev-parse", "HEAD"});
  std::ofstream(folder / "later.txt") << "after the snapshot\n";
  REQUIRE(snapshot_folder(folder, snapshot).ok());
  CHECK(git_out(snapshot, {"rev-parse", "HEAD"}) == head);
}

TEST_CASE("a folder that cannot be read is an error that leaves nothing behind", "[git][snapshot]") {
  Dirs dirs;
  auto made = snapshot_folder(dirs.root / "missing", dirs.root / "snapshots" / "s2");
  REQUIRE_FALSE(made.ok());
  CHECK(made.error().find("missing") != std::string::npos);
  CHECK_FALSE(fs::exists(dirs.root / "snapshots" / "s2"));
}
