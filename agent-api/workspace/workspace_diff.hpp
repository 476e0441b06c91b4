// workspace_diff(): what the session changed, for GET /diff: the workspace as
// it is now (commits, staged and unstaged edits and untracked files, minus
// what .gitignore ignores) against the session's base commit
// (refs/octobot/base, written when the workspace was cloned; without it, the
// empty tree).
//
// Contract:
// - Reads the repository through a temporary index (a copy of the real one,
//   then `git add -A`): the branch, the real index and the working tree are
//   never touched.
// - Result: {"base": sha or null, "files": [{"path", "oldPath" (renames and
//   copies), "status": added|modified|deleted|renamed|copied|typechange,
//   "binary", "added", "removed", "patch" (unless stat_only)}], "totals":
//   {"files", "added", "removed"}}; renames are detected (git's -M).
// - `path` limits it to one file or directory (a literal pathspec: no globs,
//   no magic); absolute paths and ".." are refused (FileError invalid).
// - A file's patch over 1 MiB is cut ("truncated": true).
// - Blocking (runs git): call it off the I/O thread.
#pragma once
#include "agent-api/workspace/workspace_files.hpp"

namespace octobot::agent_api {

struct DiffRequest {
  bool stat_only = false;
  std::string path;
};

Expected<nlohmann::json, FileError> workspace_diff(const std::filesystem::path& workspace, const DiffRequest& request);

}  // namespace octobot::agent_api
