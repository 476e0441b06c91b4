// Snapshots of plain folders: a local workspace that is not a git repository
// gets, per session, a copy committed as the session's base, so the sandbox
// (which clones /src) and the diff have a history to start from. The user's
// folder is only read.
//
// Contract of snapshot_folder(source, destination):
// - An existing destination is the snapshot made before (a restarted
//   session): it is returned as it is.
// - Otherwise `source` is copied into a staging directory next to the
//   destination: regular files and directories, symlinks as symlinks (never
//   followed), nothing else (sockets, devices, fifos are skipped); then
//   `git init` + `git add --all` + one commit "Octobot: snapshot of <source>"
//   on branch main (argv only, no hooks, no user config); then the staging dir
//   is renamed into place. A failure removes the staging dir and reads like
//   the failing step ("cannot copy /x/y: Permission denied", git's message).
// - Blocks (copy and git): run it off the event loop.
#pragma once
#include "lib/result.hpp"

#include <filesystem>
#include <string>

namespace octobot::git {

Expected<void, std::string> snapshot_folder(const std::filesystem::path& source,
                                            const std::filesystem::path& destination);

}  // namespace octobot::git
