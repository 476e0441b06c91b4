// prepare_workspace(): the session's git working copy, <data-dir>/workspace,
// on branch octobot/<session-id>.
//
// Contract:
// - A workspace that already exists (a restart of the container with the
//   same volume) is reused as it is: nothing is fetched, reset or switched.
//   It must be a real directory.
// - Otherwise the source repository is cloned into a fresh staging
//   directory <data-dir>/.workspace-staging-XXXXXX, which is renamed to
//   <data-dir>/workspace only when complete (renameat2 RENAME_NOREPLACE, then
//   the data directory is fsynced): a crash leaves either no workspace or a
//   complete one. Staging directories left by an earlier crash are removed
//   first; a failed clone removes its own.
// - The clone: `git clone --no-checkout --no-hardlinks` of source_dir, then
//   the branch octobot/<session-id> is created and checked out from
//   origin/octobot/<session-id> when the source has that branch, else from the
//   source's HEAD, and refs/octobot/base records that commit (the session's
//   base, for the agent API's GET /diff); for a source without any commit the
//   unborn branch is octobot/<session-id> and there is no base. git is run with argv only, every path or ref after
//   --end-of-options, as `owner` (so the files are the agent user's) with
//   HOME=owner's home and safe.directory=* (the source belongs to the host
//   user). Without an owner git runs as the agent's own user.
// - Errors: "git clone exited with status 128: fatal: repository '/src' does
//   not exist", "OCTOBOT_SESSION_ID is not set", path errors naming the path.
#pragma once
#include "agent/identity.hpp"
#include "lib/result.hpp"

#include <optional>
#include <string>

namespace octobot::agent {

struct WorkspaceOptions {
  std::string source_dir;
  std::string data_dir;
  std::string session_id;
  std::optional<Identity> owner;
  std::string git = "git";
};

enum class WorkspaceOutcome { cloned, reused };

Expected<WorkspaceOutcome, std::string> prepare_workspace(const WorkspaceOptions& options);

// "octobot/<session_id>".
std::string workspace_branch(const std::string& session_id);

}  // namespace octobot::agent
