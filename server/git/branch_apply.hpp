// Applying a session's work to the user's own repository as a branch, never
// touching the checked-out branch, the working tree or the index.
//
// Contract of apply_bundle_as_branch(repository, bundle, head, branch):
// - `bundle` (a file) holds the session's commits since its base, ending at
//   `head`; its objects are added to the repository (`git bundle unbundle`).
// - When the repository's HEAD is still the base, or `head` already contains
//   it, refs/heads/<branch> is set to `head`. When HEAD has moved on, the work
//   is merged onto it in memory (`git merge-tree --write-tree`) and the
//   branch gets that merge commit (parents: HEAD, head; rebased = true).
// - A merge that conflicts changes nothing and returns the conflicted files.
// - A branch that is checked out (in any worktree) is refused; an existing
//   branch that is not is moved (it is the session's own).
// - git runs with hooks off and the user's and system git config ignored
//   except the repository's own; argv only.
// Blocks: call off the event loop.
#pragma once
#include "lib/result.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace octobot::git {

struct BranchApplied {
  std::string branch;
  std::string commit;
  bool rebased = false;  // merged onto a HEAD that moved since the session started
};

struct ApplyFailure {
  enum class Kind { conflict, checked_out, failed };
  Kind kind = Kind::failed;
  std::string message;
  std::vector<std::string> files;  // conflict: the files that conflict
};

Expected<BranchApplied, ApplyFailure> apply_bundle_as_branch(const std::filesystem::path& repository,
                                                             const std::filesystem::path& bundle,
                                                             const std::string& head, const std::string& branch);

}  // namespace octobot::git
