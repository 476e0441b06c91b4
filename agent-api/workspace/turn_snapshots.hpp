// Turn snapshots: the workspace as each chat turn left it, as commits on
// hidden refs refs/octobot/turns/<n> (n = 1, 2, … per session, counted from
// the refs themselves, so a restarted agent API continues the numbering).
//
// Contract:
// - record_turn_snapshot(workspace) commits the working tree as it is
//   (tracked and untracked files, minus ignored ones) through a temporary
//   index, with the session branch's HEAD as parent (none on an unborn
//   branch), and points the next refs/octobot/turns/<n> at it. The branch,
//   the index and the working tree are not touched. Returns n.
// - list_turn_snapshots(workspace): {"base": the base commit or null, "turns":
//   [{"turn": n, "commit", "files", "added", "removed"}]}, turns oldest first; the counts are against the previous snapshot
//   (the first one against refs/octobot/base, or the empty tree).
// - Blocking (runs git): call them off the I/O thread.
#pragma once
#include "agent-api/workspace/workspace_files.hpp"

namespace octobot::agent_api {

Expected<int, FileError> record_turn_snapshot(const std::filesystem::path& workspace);
Expected<nlohmann::json, FileError> list_turn_snapshots(const std::filesystem::path& workspace);

}  // namespace octobot::agent_api
