// agent-api/workspace/workspace_diff.cpp on a real git repository: committed, staged, unstaged and
// untracked changes against the base at once, every status, and the real index left alone.
#include "agent-api/workspace/workspace_diff.hpp"
#include "lib/proc/run.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace octobot::agent_api {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

void git(const fs::path& repo, std::vector<std::string> args) {
  std::vector<std::string> argv{"git", "-C", repo.string(), "-c", "user.name=t", "-c", "user.email=t@example.com"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = proc::run(argv);
  REQUIRE(result.ok());
  INFO(result->stderr_text);
  REQUIRE(result->succeeded());
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write(const fs::path& path, const std::string& content) { std::ofstream(path, std::ios::binary) << content; }

const Json& file_named(const Json& diff, const std::string& path) {
  for (const auto& file : diff["files"]) {
    if (file["path"] == path) return file;
  }
  FAIL("no file " << path << " in " << diff.dump());
  static const Json none;
  return none;
}

TEST_CASE("the diff holds committed, staged, unstaged and untracked changes against the base", "[agent-api][diff]") {
  octobot::testing::TempDir dir("workspace-diff");
  const fs::path repo = dir.path() / "ws";
  fs::create_directories(repo);
  git(repo, {"init", "--quiet", "--initial-branch=main"});
  write(repo / "keep.txt", "one\ntwo\nthree\n");
  write(repo / "gone.txt", "bye\n");
  write(repo / "old-name.txt", std::string(200, 'r') + "\n");
  write(repo / ".gitignore", "ignored.log\n");
  git(repo, {"add", "."});
  git(repo, {"commit", "--quiet", "-m", "base"});
  git(repo, {"update-ref", "refs/octobot/base", "HEAD"});

  write(repo / "committed.txt", "a\nb\n");  // committed on the branch
  git(repo, {"add", "committed.txt"});
  git(repo, {"commit", "--quiet", "-m", "agent work"});
  write(repo / "keep.txt", "one\n2\nthree\nfour\n");  // unstaged edit
  fs::remove(repo / "gone.txt");                      // unstaged delete
  git(repo, {"mv", "old-name.txt", "new-name.txt"});  // staged rename
  write(repo / "image.bin", std::string("\0\1\2\3", 4));  // untracked binary
  write(repo / "ignored.log", "noise\n");                 // ignored
  const std::string index_before = slurp(repo / ".git" / "index");

  auto diff = workspace_diff(repo, {});
  REQUIRE(diff);
  INFO(diff->dump());
  CHECK((*diff)["base"].get<std::string>().size() == 40);
  CHECK((*diff)["files"].size() == 5);
  CHECK(file_named(*diff, "committed.txt")["status"] == "added");
  CHECK(file_named(*diff, "committed.txt")["added"] == 2);
  const Json& keep = file_named(*diff, "keep.txt");
  CHECK(keep["status"] == "modified");
  CHECK(keep["added"] == 2);
  CHECK(keep["removed"] == 1);
  CHECK(keep["patch"].get<std::string>().find("+four") != std::string::npos);
  CHECK(keep["patch"].get<std::string>().rfind("diff --git a/keep.txt b/keep.txt", 0) == 0);
  CHECK(file_named(*diff, "gone.txt")["status"] == "deleted");
  const Json& renamed = file_named(*diff, "new-name.txt");
  CHECK(renamed["status"] == "renamed");
  CHECK(renamed["oldPath"] == "old-name.txt");
  const Json& binary = file_named(*diff, "image.bin");
  CHECK(binary["binary"] == true);
  CHECK(binary["status"] == "added");
  CHECK((*diff)["totals"]["files"] == 5);
  CHECK(diff->dump().find("ignored.log") == std::string::npos);

  // Nothing of the repository changed: not the index, not the working tree, not the branch.
  CHECK(slurp(repo / ".git" / "index") == index_before);
  CHECK(slurp(repo / "keep.txt") == "one\n2\nthree\nfour\n");

  auto stat = workspace_diff(repo, {true, ""});
  REQUIRE(stat);
  CHECK_FALSE((*stat)["files"][0].contains("patch"));
  auto one = workspace_diff(repo, {false, "keep.txt"});
  REQUIRE(one);
  REQUIRE((*one)["files"].size() == 1);
  CHECK((*one)["files"][0]["path"] == "keep.txt");
  // A pathspec is literal: no globs, no magic, no options.
  CHECK((*workspace_diff(repo, {false, "*.txt"}))["files"].empty());
  CHECK((*workspace_diff(repo, {false, "--output=/tmp/x"}))["files"].empty());
  CHECK_FALSE(workspace_diff(repo, {false, "../x"}));
  CHECK_FALSE(workspace_diff(repo, {false, "/etc"}));
}

TEST_CASE("without a recorded base, everything is new", "[agent-api][diff]") {
  octobot::testing::TempDir dir("workspace-diff");
  const fs::path repo = dir.path() / "ws";
  fs::create_directories(repo);
  git(repo, {"init", "--quiet"});
  write(repo / "a.txt", "a\n");
  auto diff = workspace_diff(repo, {});
  REQUIRE(diff);
  CHECK((*diff)["base"].is_null());
  REQUIRE((*diff)["files"].size() == 1);
  CHECK((*diff)["files"][0]["status"] == "added");
}

}  // namespace
}  // namespace octobot::agent_api
