// The session's work as something to take away (the server's
// POST …/sessions/{id}/apply and …/fork), in the workspace's git repository.
//
// Contract (each blocks on git: call off the event loop):
// - commit_pending_work() commits whatever is pending (staged, unstaged and
//   untracked, all of it) on the session branch with `message`, as
//   "Octobot <octobot@localhost>", without hooks; then describes the work:
//   the branch, the base (refs/octobot/base), the head and the commits
//   between them. Nothing pending is not an error (committed_pending false).
// - bundle_work(ref) is a git bundle of `ref` ("HEAD" or "turns/<n>", the
//   snapshot of turn n) with everything since the base: what a repository
//   holding the base can fetch. not_found for a turn that has no snapshot.
// - format_patch() is `git format-patch --stdout base..HEAD`: the work as
//   mails, for a folder that is not a repository.
// - push_work() pushes HEAD to refs/heads/<branch> of `url` (https only; git
//   goes through the sandbox's proxy), sending `authorization` as the
//   Authorization header when given (a credential placeholder: the proxy puts
//   the real token in). invalid for a URL or branch git could take for an
//   option, a helper (`ext::`) or another protocol; failed with git's message.
// - restore_snapshot() makes the workspace what a fork starts from: fetches
//   the bundle, moves the branch to the snapshot's parent (the commits of
//   that turn) with the snapshot's files in the working tree (the pending
//   changes of that moment, unstaged), and sets refs/octobot/base to `base`.
#pragma once
#include "agent-api/workspace/workspace_files.hpp"

#include <filesystem>
#include <string>

namespace octobot::agent_api {

struct WorkSummary {
  std::string branch;
  std::string base;
  std::string head;
  int commits = 0;
  bool committed_pending = false;
};

struct PushRequest {
  std::string url;
  std::string branch;
  std::string authorization;  // "" for none
};

Expected<WorkSummary, FileError> commit_pending_work(const std::filesystem::path& workspace, const std::string& message);
Expected<std::string, FileError> bundle_work(const std::filesystem::path& workspace, const std::string& ref);
Expected<std::string, FileError> format_patch(const std::filesystem::path& workspace);
Expected<WorkSummary, FileError> push_work(const std::filesystem::path& workspace, const PushRequest& request);
Expected<WorkSummary, FileError> restore_snapshot(const std::filesystem::path& workspace, const std::string& bundle,
                                                  const std::string& snapshot, const std::string& base);

// What push_work() accepts (also checked by the server before it asks).
bool is_pushable_url(const std::string& url);
bool is_branch_name(const std::string& branch);

}  // namespace octobot::agent_api
