#include "agent/command.hpp"
#include "agent/setup/workspace.hpp"
#include "tests/unit/agent/agent_process.hpp"

#include <catch2/catch.hpp>

#include <dirent.h>
#include <filesystem>
#include <fstream>

using octobot::agent::prepare_workspace;
using octobot::agent::WorkspaceOptions;
using octobot::agent::WorkspaceOutcome;
using octobot::agent::test::TempDir;

namespace {

// Runs git in `dir` (argv only) and returns its output; fails the test on error.
std::string git(const std::string& dir, std::vector<std::string> args) {
  octobot::agent::CommandRequest request;
  request.argv = {"git", "-C", dir, "-c", "user.name=Test", "-c", "user.email=test@example.com"};
  request.argv.insert(request.argv.end(), args.begin(), args.end());
  request.environment = octobot::agent::tool_environment("/nonexistent");
  auto result = octobot::agent::run_command(request);
  REQUIRE(result.ok());
  INFO(result->output);
  REQUIRE(result->succeeded());
  std::string out = result->output;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string make_source(const TempDir& dir) {
  const std::string src = dir.file("src");
  std::filesystem::create_directory(src);
  git(src, {"init", "--quiet", "--initial-branch=main"});
  write_file(src + "/README.md", "hello\n");
  git(src, {"add", "README.md"});
  git(src, {"commit", "--quiet", "-m", "first"});
  return src;
}

WorkspaceOptions options_for(const TempDir& dir, const std::string& source) {
  WorkspaceOptions options;
  options.source_dir = source;
  options.data_dir = dir.file("data");
  options.session_id = "0b8f-1";
  std::filesystem::create_directory(options.data_dir);
  return options;
}

std::vector<std::string> entries_of(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename());
  return names;
}

}  // namespace

TEST_CASE("workspace: cloned from the source onto octobot/<session>, then reused", "[agent][workspace]") {
  TempDir dir;
  const std::string src = make_source(dir);
  const WorkspaceOptions options = options_for(dir, src);
  const std::string workspace = options.data_dir + "/workspace";

  auto first = prepare_workspace(options);
  INFO((first ? std::string() : first.error()));
  REQUIRE(first.ok());
  CHECK(*first == WorkspaceOutcome::cloned);
  CHECK(git(workspace, {"rev-parse", "--abbrev-ref", "HEAD"}) == "octobot/0b8f-1");
  CHECK(git(workspace, {"rev-parse", "HEAD"}) == git(src, {"rev-parse", "HEAD"}));
  CHECK(git(workspace, {"status", "--porcelain"}).empty());
  CHECK(std::filesystem::exists(workspace + "/README.md"));
  CHECK(entries_of(options.data_dir) == std::vector<std::string>{"workspace"});  // no staging left

  // A restart finds the workspace and keeps it as it is.
  write_file(workspace + "/work-in-progress.txt", "keep me\n");
  git(src, {"commit", "--quiet", "--allow-empty", "-m", "second"});
  auto second = prepare_workspace(options);
  REQUIRE(second.ok());
  CHECK(*second == WorkspaceOutcome::reused);
  CHECK(std::filesystem::exists(workspace + "/work-in-progress.txt"));
  CHECK(git(workspace, {"rev-parse", "HEAD"}) != git(src, {"rev-parse", "HEAD"}));
}

TEST_CASE("workspace: the session's branch in the source is the starting point", "[agent][workspace]") {
  TempDir dir;
  const std::string src = make_source(dir);
  git(src, {"switch", "--quiet", "-c", "octobot/0b8f-1"});
  git(src, {"commit", "--quiet", "--allow-empty", "-m", "on the session branch"});
  const std::string session_head = git(src, {"rev-parse", "HEAD"});
  git(src, {"switch", "--quiet", "main"});
  const WorkspaceOptions options = options_for(dir, src);
  REQUIRE(prepare_workspace(options).ok());
  const std::string workspace = options.data_dir + "/workspace";
  CHECK(git(workspace, {"rev-parse", "HEAD"}) == session_head);
  CHECK(git(workspace, {"rev-parse", "--abbrev-ref", "HEAD"}) == "octobot/0b8f-1");
}

TEST_CASE("workspace: a source without commits gives an unborn session branch", "[agent][workspace]") {
  TempDir dir;
  const std::string src = dir.file("src");
  std::filesystem::create_directory(src);
  git(src, {"init", "--quiet"});
  const WorkspaceOptions options = options_for(dir, src);
  auto outcome = prepare_workspace(options);
  INFO((outcome ? std::string() : outcome.error()));
  REQUIRE(outcome.ok());
  CHECK(git(options.data_dir + "/workspace", {"symbolic-ref", "HEAD"}) == "refs/heads/octobot/0b8f-1");
}

TEST_CASE("workspace: failures leave no workspace and no staging directory", "[agent][workspace]") {
  TempDir dir;
  WorkspaceOptions options = options_for(dir, dir.file("missing"));
  std::filesystem::create_directory(options.data_dir + "/.workspace-staging-old");  // left by a crash
  auto failed = prepare_workspace(options);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().starts_with("git clone exited with status 128: fatal: repository '" + dir.file("missing")));
  CHECK(entries_of(options.data_dir).empty());

  options.session_id.clear();
  CHECK(prepare_workspace(options).error() == "OCTOBOT_SESSION_ID is not set");

  options.session_id = "s";
  write_file(options.data_dir + "/workspace", "a file");
  CHECK(prepare_workspace(options).error() == options.data_dir + "/workspace exists and is not a directory");
}

TEST_CASE("workspace: a source path that looks like an option stays a path", "[agent][workspace]") {
  TempDir dir;
  WorkspaceOptions options = options_for(dir, "--upload-pack=touch /tmp/octobot-pwned");
  auto failed = prepare_workspace(options);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().find("does not exist") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists("/tmp/octobot-pwned"));
}
