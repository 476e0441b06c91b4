// GitRunner: git in the session workspace (argv only, 120 s timeout), with
// its own index file when one is given (GIT_INDEX_FILE), so that reading or
// recording the working tree never touches the agent's index. ScratchDir: a
// temporary directory removed with it (for such index files).
#pragma once
#include "agent-api/workspace/workspace_files.hpp"
#include "lib/proc/run.hpp"

namespace octobot::agent_api {

// The commit the session started from (written by octobot-agent's workspace step).
inline constexpr const char* kBaseRef = "refs/octobot/base";
// git's empty tree: what a diff compares with when there is no base.
inline constexpr const char* kEmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

class GitRunner {
 public:
  GitRunner(std::filesystem::path workspace, std::string index = "")
      : workspace_(std::move(workspace)), index_(std::move(index)) {}

  // Any exit status is a result; a git that cannot start is a failure.
  Expected<proc::ProcessResult, FileError> run(const std::vector<std::string>& args) const;
  // Standard output of a command that must succeed (else its stderr in the error).
  Expected<std::string, FileError> output(const std::vector<std::string>& args) const;
  // output() without its trailing newline.
  Expected<std::string, FileError> line(const std::vector<std::string>& args) const;
  // The repository's .git directory, absolute.
  Expected<std::filesystem::path, FileError> git_dir() const;
  // Fills `index` with the working tree's state (a copy of the real index, then `git add --all`).
  Expected<void, FileError> stage_working_tree() const;

 private:
  std::filesystem::path workspace_;
  std::string index_;
};

class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }  // empty if it could not be made

 private:
  std::filesystem::path path_;
};

}  // namespace octobot::agent_api
