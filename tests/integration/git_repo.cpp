#include "tests/integration/git_repo.hpp"

#include "lib/proc/run.hpp"

#include <catch2/catch.hpp>

#include <fstream>

namespace octobot::testing {

namespace fs = std::filesystem;

std::string run_git(const fs::path& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {
      "git", "-C", dir.string(), "-c", "user.name=Octobot Test", "-c", "user.email=test@octobot.invalid"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = proc::run(argv, {.env_overrides = {{"GIT_CONFIG_NOSYSTEM", "1"}, {"HOME", dir.string()}}});
  INFO((result ? result->stderr_text : result.error()));
  REQUIRE(result.ok());
  REQUIRE(result->exit_code == 0);
  std::string out = result->stdout_text;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string make_bare_repo(const fs::path& dir, const std::string& name) {
  const fs::path bare = dir / (name + ".git");
  const fs::path work = dir / (name + ".work");
  run_git(dir, {"init", "--quiet", "--bare", "--initial-branch=main", bare.string()});
  run_git(dir, {"init", "--quiet", "--initial-branch=main", work.string()});
  std::ofstream(work / "README.md") << "hello from " << name << "\n";
  run_git(work, {"add", "README.md"});
  run_git(work, {"commit", "--quiet", "-m", "first commit"});
  run_git(work, {"push", "--quiet", "file://" + bare.string(), "HEAD:refs/heads/main"});
  return run_git(work, {"rev-parse", "HEAD"});
}

}  // namespace octobot::testing
