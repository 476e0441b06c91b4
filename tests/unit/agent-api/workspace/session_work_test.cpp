// agent-api/workspace/session_work.cpp on real repositories: committing what is pending, a bundle
// of the work restored into another clone (a fork), the patch, and the inputs a push refuses.
#include "agent-api/workspace/session_work.hpp"
#include "agent-api/workspace/turn_snapshots.hpp"
#include "lib/proc/run.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

namespace octobot::agent_api {
namespace {

namespace fs = std::filesystem;

std::string git(const fs::path& repo, std::vector<std::string> args) {
  std::vector<std::string> argv{"git", "-C", repo.string(), "-c", "user.name=t", "-c", "user.email=t@example.com"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = proc::run(argv);
  REQUIRE(result.ok());
  INFO(result->stderr_text);
  REQUIRE(result->succeeded());
  return result->stdout_text;
}

// A source repository and a session workspace cloned from it, on branch octobot/s at the base.
struct Repos {
  octobot::testing::TempDir dir{"session-work"};
  fs::path source = dir.path() / "src";
  fs::path workspace = dir.path() / "ws";

  Repos() {
    fs::create_directories(source);
    git(source, {"init", "--quiet", "--initial-branch=main"});
    std::ofstream(source / "a.txt") << "one\n";
    git(source, {"add", "."});
    git(source, {"commit", "--quiet", "-m", "base"});
    clone(workspace);
  }

  void clone(const fs::path& into) const {
    git(dir.path(), {"clone", "--quiet", source.string(), into.string()});
    git(into, {"checkout", "--quiet", "-b", "octobot/s"});
    git(into, {"update-ref", "refs/octobot/base", "HEAD"});
  }
};

TEST_CASE("pending work is committed on the session branch and described against the base", "[agent-api][work]") {
  Repos repos;
  auto nothing = commit_pending_work(repos.workspace, "Octobot: pending changes");
  REQUIRE(nothing);
  CHECK_FALSE(nothing->committed_pending);
  CHECK(nothing->commits == 0);
  CHECK(nothing->head == nothing->base);

  git(repos.workspace, {"commit", "--quiet", "--allow-empty", "-m", "the agent's commit"});
  std::ofstream(repos.workspace / "a.txt") << "one\ntwo\n";
  std::ofstream(repos.workspace / "new.txt") << "new\n";
  auto work = commit_pending_work(repos.workspace, "Octobot: pending changes");
  REQUIRE(work);
  CHECK(work->committed_pending);
  CHECK(work->branch == "octobot/s");
  CHECK(work->commits == 2);
  CHECK(git(repos.workspace, {"status", "--porcelain"}).empty());
  CHECK(git(repos.workspace, {"log", "-1", "--format=%an <%ae> %s"}) == "Octobot <octobot@localhost> Octobot: pending changes\n");

  auto patch = format_patch(repos.workspace);
  REQUIRE(patch);
  CHECK_THAT(*patch, Catch::Contains("Subject: [PATCH 2/2] Octobot: pending changes"));
  CHECK_THAT(*patch, Catch::Contains("+two"));
}

TEST_CASE("a turn's snapshot travels as a bundle into another clone of the source (a fork)", "[agent-api][work]") {
  Repos repos;
  git(repos.workspace, {"commit", "--quiet", "--allow-empty", "-m", "committed in turn 1"});
  std::ofstream(repos.workspace / "a.txt") << "one\nturn one\n";
  std::ofstream(repos.workspace / "untracked.txt") << "u\n";
  REQUIRE(record_turn_snapshot(repos.workspace));
  std::ofstream(repos.workspace / "a.txt") << "turn two\n";
  REQUIRE(record_turn_snapshot(repos.workspace));
  const std::string base = git(repos.workspace, {"rev-parse", "refs/octobot/base"}).substr(0, 40);
  const std::string snapshot = git(repos.workspace, {"rev-parse", "refs/octobot/turns/1"}).substr(0, 40);

  auto bundle = bundle_work(repos.workspace, "turns/1");
  REQUIRE(bundle);
  CHECK(bundle_work(repos.workspace, "turns/9").error().kind == FileError::Kind::not_found);
  CHECK(bundle_work(repos.workspace, "--all").error().kind == FileError::Kind::invalid);
  CHECK(bundle_work(repos.workspace, "refs/heads/main").error().kind == FileError::Kind::invalid);

  const fs::path fork = repos.dir.path() / "fork";
  git(repos.source, {"commit", "--quiet", "--allow-empty", "-m", "the source moved on"});
  repos.clone(fork);
  auto restored = restore_snapshot(fork, *bundle, snapshot, base);
  REQUIRE(restored);
  CHECK(restored->base == base);
  CHECK(restored->commits == 1);
  CHECK(git(fork, {"log", "-1", "--format=%s"}) == "committed in turn 1\n");
  std::ifstream a(fork / "a.txt");
  CHECK(std::string(std::istreambuf_iterator<char>(a), {}) == "one\nturn one\n");
  CHECK(git(fork, {"status", "--porcelain"}) == " M a.txt\n?? untracked.txt\n");

  CHECK(restore_snapshot(fork, "not a bundle", snapshot, base).error().kind == FileError::Kind::invalid);
  CHECK(restore_snapshot(fork, *bundle, "--hard", base).error().kind == FileError::Kind::invalid);
}

TEST_CASE("a push takes only an https URL and a branch name, nothing git could read as an option", "[agent-api][work]") {
  CHECK(is_pushable_url("https://github.com/o/r.git"));
  CHECK(is_pushable_url("https://git.example.com:8443/group/sub/r"));
  CHECK_FALSE(is_pushable_url("--upload-pack=touch /tmp/x"));
  CHECK_FALSE(is_pushable_url("ext::sh -c touch% /tmp/pwned"));
  CHECK_FALSE(is_pushable_url("file:///etc"));
  CHECK_FALSE(is_pushable_url("http://github.com/o/r"));
  CHECK_FALSE(is_pushable_url("https://user:token@github.com/o/r"));
  CHECK_FALSE(is_pushable_url("https://github.com/o/r\n--upload-pack=x"));
  CHECK_FALSE(is_pushable_url("https:///o/r"));
  CHECK(is_branch_name("octobot/1234abcd"));
  CHECK_FALSE(is_branch_name("--force"));
  CHECK_FALSE(is_branch_name("-f"));
  CHECK_FALSE(is_branch_name("a..b"));
  CHECK_FALSE(is_branch_name("a b"));
  CHECK_FALSE(is_branch_name("refs/heads/x:refs/heads/main"));
  CHECK_FALSE(is_branch_name("x.lock"));
  CHECK_FALSE(is_branch_name("@{-1}"));

  Repos repos;
  PushRequest request{"--upload-pack=touch /tmp/x", "octobot/s", ""};
  CHECK(push_work(repos.workspace, request).error().kind == FileError::Kind::invalid);
  request = {"https://127.0.0.1:1/o/r.git", "--force", ""};
  CHECK(push_work(repos.workspace, request).error().kind == FileError::Kind::invalid);
  request = {"https://127.0.0.1:1/o/r.git", "octobot/s", ""};  // nothing listens there
  auto refused = push_work(repos.workspace, request);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == FileError::Kind::failed);
  CHECK_THAT(refused.error().message, Catch::Contains("git push to https://127.0.0.1:1/o/r.git failed"));
}

}  // namespace
}  // namespace octobot::agent_api
