#include "agent/setup/workspace.hpp"

#include "agent/command.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace octobot::agent {
namespace {

constexpr std::string_view kStagingPrefix = ".workspace-staging-";
// The commit the session started from (agent-api/workspace/workspace_diff.hpp reads it).
constexpr const char* kBaseRef = "refs/octobot/base";

std::string os_failure(const std::string& what, int error) { return what + ": " + std::strerror(error); }

void remove_tree(const std::string& path) {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);  // never follows symbolic links
}

void remove_stale_staging(const std::string& data_dir) {
  DIR* dir = ::opendir(data_dir.c_str());
  if (dir == nullptr) return;
  std::vector<std::string> stale;
  while (const dirent* entry = ::readdir(dir)) {
    if (std::string_view(entry->d_name).starts_with(kStagingPrefix)) stale.push_back(data_dir + "/" + entry->d_name);
  }
  ::closedir(dir);
  for (const auto& path : stale) remove_tree(path);
}

class Git {
 public:
  explicit Git(const WorkspaceOptions& options) : options_(options) {}

  // Runs git; a non-zero exit is an error.
  Expected<void, std::string> run(std::vector<std::string> args) const {
    auto result = run_raw(std::move(args));
    if (!result) return result.error();
    return {};
  }

  // Runs git; returns whether it exited with 0; errors only when it cannot start.
  Expected<bool, std::string> succeeds(std::vector<std::string> args) const {
    auto result = command(std::move(args));
    if (!result) return result.error();
    return result->succeeded();
  }

 private:
  Expected<CommandResult, std::string> command(std::vector<std::string> args) const {
    std::vector<std::string> argv{options_.git, "-c", "safe.directory=*"};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandRequest request;
    request.argv = argv;
    request.environment = tool_environment(options_.owner ? options_.owner->home : home_of_agent());
    request.environment.push_back("GIT_TERMINAL_PROMPT=0");
    request.identity = options_.owner;
    request.working_directory = options_.data_dir;
    return run_command(request);
  }

  Expected<CommandResult, std::string> run_raw(std::vector<std::string> args) const {
    auto result = command(args);
    if (!result) return result.error();
    if (!result->succeeded()) {
      std::vector<std::string> argv{options_.git};
      argv.insert(argv.end(), args.begin(), args.end());
      return failure_message(argv, *result);
    }
    return result;
  }

  static std::string home_of_agent() {
    const char* home = std::getenv("HOME");
    return home != nullptr ? home : "/";
  }

  const WorkspaceOptions& options_;
};

Expected<void, std::string> clone_into(const WorkspaceOptions& options, const std::string& staging) {
  const Git git(options);
  const std::string branch = workspace_branch(options.session_id);
  if (auto cloned = git.run(
          {"clone", "--quiet", "--no-checkout", "--no-hardlinks", "--end-of-options", options.source_dir, staging});
      !cloned) {
    return cloned;
  }
  const std::string remote_branch = "refs/remotes/origin/" + branch;
  std::string start;
  for (const std::string& candidate : {remote_branch, std::string("HEAD")}) {
    auto found =
        git.succeeds({"-C", staging, "rev-parse", "--verify", "--quiet", "--end-of-options", candidate + "^{commit}"});
    if (!found) return found.error();
    if (*found) {
      start = candidate;
      break;
    }
  }
  if (start.empty()) return git.run({"-C", staging, "symbolic-ref", "HEAD", "refs/heads/" + branch});
  if (auto switched = git.run({"-C", staging, "switch", "--quiet", "--no-track", "-c", branch, "--end-of-options", start});
      !switched) {
    return switched;
  }
  // The session's base: what GET /diff of the agent API compares the workspace with.
  return git.run({"-C", staging, "update-ref", kBaseRef, "HEAD"});
}

}  // namespace

std::string workspace_branch(const std::string& session_id) { return "octobot/" + session_id; }

Expected<WorkspaceOutcome, std::string> prepare_workspace(const WorkspaceOptions& options) {
  if (options.session_id.empty()) return std::string("OCTOBOT_SESSION_ID is not set");
  const std::string workspace = options.data_dir + "/workspace";
  struct stat st {};
  if (::lstat(workspace.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return std::string(workspace + " exists and is not a directory");
    return WorkspaceOutcome::reused;
  }
  if (errno != ENOENT) return os_failure("cannot inspect " + workspace, errno);

  remove_stale_staging(options.data_dir);
  std::string staging = options.data_dir + "/" + std::string(kStagingPrefix) + "XXXXXX";
  if (::mkdtemp(staging.data()) == nullptr)
    return os_failure("cannot create a directory in " + options.data_dir, errno);
  if (options.owner && ::chown(staging.c_str(), options.owner->uid, options.owner->gid) != 0) {
    const int error = errno;
    remove_tree(staging);
    return os_failure("cannot give " + staging + " to " + options.owner->name, error);
  }
  if (auto cloned = clone_into(options, staging); !cloned) {
    remove_tree(staging);
    return cloned.error();
  }
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, workspace.c_str(), RENAME_NOREPLACE) != 0) {
    const int error = errno;
    remove_tree(staging);
    return os_failure("cannot move " + staging + " to " + workspace, error);
  }
  const int dir = ::open(options.data_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return WorkspaceOutcome::cloned;
}

}  // namespace octobot::agent
