// server/git/branch_apply.cpp on real repositories: the user's repository gets the session's work
// as a branch, and its checked-out branch, working tree and index stay exactly as they were.
#include "server/git/branch_apply.hpp"

#include "lib/proc/run.hpp"
#include "tests/integration/git_repo.hpp"
#include "tests/support/read_file.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using octobot::git::apply_bundle_as_branch;
using octobot::git::ApplyFailure;

namespace {

using octobot::testing::read_file;
using octobot::testing::run_git;

// The user's repository (dirty: a modified file, a staged file, an untracked file) and a session
// clone with two commits of work; work.bundle holds them.
struct Setup {
  octobot::testing::TempDir dir{"branch-apply"};
  fs::path user = dir.path() / "user";
  fs::path session = dir.path() / "session";
  fs::path bundle = dir.path() / "work.bundle";
  std::string head;

  Setup() {
    fs::create_directories(user);
    run_git(user, {"init", "--quiet", "--initial-branch=main"});
    std::ofstream(user / "shared.txt") << "one\ntwo\nthree\n";
    run_git(user, {"add", "."});
    run_git(user, {"commit", "--quiet", "-m", "base"});
    run_git(dir.path(), {"clone", "--quiet", user.string(), session.string()});
    run_git(session, {"checkout", "--quiet", "-b", "octobot/s"});
    std::ofstream(session / "feature.txt") << "feature\n";
    run_git(session, {"add", "."});
    run_git(session, {"commit", "--quiet", "-m", "add the feature"});
    std::ofstream(session / "shared.txt") << "one\ntwo\nthree\nfour from the session\n";
    run_git(session, {"commit", "--quiet", "-am", "extend shared"});
    head = run_git(session, {"rev-parse", "HEAD"});
    run_git(session, {"bundle", "create", "--quiet", bundle.string(), "HEAD", "^origin/main"});

    std::ofstream(user / "scratch.txt") << "untracked\n";
    std::ofstream(user / "staged.txt") << "staged\n";
    run_git(user, {"add", "staged.txt"});
  }
};

}  // namespace

TEST_CASE("the work becomes a branch; HEAD, index and working tree are untouched", "[git][apply]") {
  Setup setup;
  const std::string index_before = read_file(setup.user / ".git" / "index");
  const std::string status_before = run_git(setup.user, {"status", "--porcelain"});
  auto applied = apply_bundle_as_branch(setup.user, setup.bundle, setup.head, "octobot/1234abcd");
  REQUIRE(applied);
  CHECK(applied->commit == setup.head);
  CHECK_FALSE(applied->rebased);
  CHECK(run_git(setup.user, {"rev-parse", "refs/heads/octobot/1234abcd"}) == setup.head);
  CHECK(run_git(setup.user, {"symbolic-ref", "HEAD"}) == "refs/heads/main");
  CHECK(read_file(setup.user / ".git" / "index") == index_before);
  CHECK(run_git(setup.user, {"status", "--porcelain"}) == status_before);

  // Again (the session went on): the branch moves.
  auto again = apply_bundle_as_branch(setup.user, setup.bundle, setup.head, "octobot/1234abcd");
  CHECK(again);
}

TEST_CASE("a HEAD that moved on gets the work merged onto it, or the conflicting files", "[git][apply]") {
  Setup setup;
  SECTION("no conflict: a merge commit on top of the new HEAD") {
    std::ofstream(setup.user / "other.txt") << "the user went on\n";
    run_git(setup.user, {"add", "other.txt"});
    run_git(setup.user, {"commit", "--quiet", "-m", "user work"});
    const std::string user_head = run_git(setup.user, {"rev-parse", "HEAD"});
    auto applied = apply_bundle_as_branch(setup.user, setup.bundle, setup.head, "octobot/s1");
    REQUIRE(applied);
    CHECK(applied->rebased);
    CHECK(run_git(setup.user, {"rev-parse", "octobot/s1^1"}) == user_head);
    CHECK(run_git(setup.user, {"rev-parse", "octobot/s1^2"}) == setup.head);
    CHECK(run_git(setup.user, {"show", "octobot/s1:other.txt"}) == "the user went on");
    CHECK(run_git(setup.user, {"show", "octobot/s1:feature.txt"}) == "feature");
    CHECK(run_git(setup.user, {"rev-parse", "HEAD"}) == user_head);
  }
  SECTION("a conflict: nothing changes, the files are named") {
    std::ofstream(setup.user / "shared.txt") << "one\ntwo\nthree\nfour from the user\n";
    run_git(setup.user, {"commit", "--quiet", "-am", "user edits shared"});
    auto applied = apply_bundle_as_branch(setup.user, setup.bundle, setup.head, "octobot/s2");
    REQUIRE_FALSE(applied);
    CHECK(applied.error().kind == ApplyFailure::Kind::conflict);
    CHECK(applied.error().files == std::vector<std::string>{"shared.txt"});
    auto branch = octobot::proc::run({"git", "-C", setup.user.string(), "rev-parse", "--verify", "--quiet", "refs/heads/octobot/s2"});
    CHECK(branch->exit_code == 1);
  }
}

TEST_CASE("the checked-out branch is never replaced", "[git][apply]") {
  Setup setup;
  run_git(setup.user, {"branch", "octobot/busy"});
  run_git(setup.user, {"worktree", "add", "--quiet", (setup.dir.path() / "wt").string(), "octobot/busy"});
  auto applied = apply_bundle_as_branch(setup.user, setup.bundle, setup.head, "octobot/busy");
  REQUIRE_FALSE(applied);
  CHECK(applied.error().kind == ApplyFailure::Kind::checked_out);
  auto main_branch = apply_bundle_as_branch(setup.user, setup.bundle, setup.head, "main");
  REQUIRE_FALSE(main_branch);
  CHECK(main_branch.error().kind == ApplyFailure::Kind::checked_out);

  auto garbage = apply_bundle_as_branch(setup.user, setup.dir.path() / "missing.bundle", setup.head, "octobot/x");
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().kind == ApplyFailure::Kind::failed);
}
