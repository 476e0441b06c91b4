// child_pids_of(): the processes whose parent is `parent`, from /proc.
//
// Contract: scans /proc/<pid>/stat (the parent is the field after the
// command name, which may itself contain ')' and spaces). Zombies are
// included. A process that disappears during the scan is skipped; an
// unreadable /proc gives an empty list. The answer is a snapshot: children
// may appear or go at any time. Nothing throws except std::bad_alloc.
#pragma once
#include <vector>
#include <sys/types.h>

namespace octobot::agent {

std::vector<pid_t> child_pids_of(pid_t parent);

}  // namespace octobot::agent
