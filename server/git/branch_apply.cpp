#include "server/git/branch_apply.hpp"

#include "lib/proc/run.hpp"

#include <sstream>

namespace octobot::git {

namespace fs = std::filesystem;

namespace {

ApplyFailure failed(std::string message) { return ApplyFailure{ApplyFailure::Kind::failed, std::move(message), {}}; }

struct Git {
  fs::path repository;

  Expected<proc::ProcessResult, ApplyFailure> run(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"git", "-C", repository.string(), "-c", "core.hooksPath=/dev/null",
                                  "-c", "core.fsmonitor=false", "-c", "safe.directory=*"};
    argv.insert(argv.end(), args.begin(), args.end());
    proc::ProcessOptions options;
    options.timeout = std::chrono::seconds(300);
    options.env_overrides = {{"GIT_CONFIG_NOSYSTEM", "1"}, {"GIT_CONFIG_GLOBAL", "/dev/null"}, {"GIT_TERMINAL_PROMPT", "0"}};
    auto result = proc::run(argv, options);
    if (!result) return failed(result.error());
    return std::move(result).value();
  }

  // The first line of the output of a command that must succeed.
  Expected<std::string, ApplyFailure> line(const std::vector<std::string>& args) const {
    auto result = run(args);
    if (!result) return result.error();
    if (!result->succeeded()) return failed("git " + args.front() + " failed: " + result->stderr_text.substr(0, 500));
    return result->stdout_text.substr(0, result->stdout_text.find('\n'));
  }
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// True when refs/heads/<branch> is checked out in the repository or one of its worktrees.
Expected<bool, ApplyFailure> checked_out(const Git& git, const std::string& branch) {
  auto worktrees = git.run({"worktree", "list", "--porcelain"});
  if (!worktrees) return worktrees.error();
  for (const auto& line : lines_of(worktrees->stdout_text)) {
    if (line == "branch refs/heads/" + branch) return true;
  }
  return false;
}

}  // namespace

Expected<BranchApplied, ApplyFailure> apply_bundle_as_branch(const fs::path& repository, const fs::path& bundle,
                                                             const std::string& head, const std::string& branch) {
  const Git git{repository};
  auto busy = checked_out(git, branch);
  if (!busy) return busy.error();
  if (*busy) {
    return ApplyFailure{ApplyFailure::Kind::checked_out,
                        "branch " + branch + " is checked out in " + repository.string() + ": switch away from it first",
                        {}};
  }
  if (auto unbundled = git.run({"bundle", "unbundle", bundle.string()}); !unbundled || !unbundled->succeeded()) {
    return failed("the session's work does not fit this repository: " +
                  (unbundled ? unbundled->stderr_text.substr(0, 500) : unbundled.error().message));
  }
  if (auto known = git.line({"rev-parse", "--verify", head + "^{commit}"}); !known) return known.error();

  BranchApplied applied{branch, head, false};
  auto current = git.run({"rev-parse", "--verify", "--quiet", "HEAD^{commit}"});
  if (!current) return current.error();
  const std::string user_head = current->stdout_text.substr(0, 40);
  bool moved_on = false;  // HEAD is not in the work's history (an unborn HEAD is not)
  if (current->succeeded()) {
    auto contained = git.run({"merge-base", "--is-ancestor", user_head, head});
    if (!contained) return contained.error();
    moved_on = !contained->succeeded();
  }
  if (moved_on) {
    // HEAD moved on since the session started: merge the work onto it, in memory.
    auto merged = git.run({"merge-tree", "--write-tree", "--name-only", "--no-messages", user_head, head});
    if (!merged) return merged.error();
    auto output = lines_of(merged->stdout_text);
    if (merged->exit_code == 1 && !output.empty()) {
      output.erase(output.begin());  // the tree of the conflicted merge
      return ApplyFailure{ApplyFailure::Kind::conflict,
                          "the work conflicts with what changed in " + repository.string() + " since the session started",
                          output};
    }
    if (!merged->succeeded() || output.empty()) return failed("git merge-tree failed: " + merged->stderr_text.substr(0, 500));
    auto commit = git.line({"-c", "user.name=Octobot", "-c", "user.email=octobot@localhost", "commit-tree", output.front(),
                            "-p", user_head, "-p", head, "-m", "Octobot: merge the session's work onto " + user_head.substr(0, 12)});
    if (!commit) return commit.error();
    applied.commit = *commit;
    applied.rebased = true;
  }
  if (auto updated = git.line({"update-ref", "refs/heads/" + branch, applied.commit}); !updated) return updated.error();
  return applied;
}

}  // namespace octobot::git
