// The processes of one session, from /proc (Linux).
//
// Contract: processes_in_session(sid) lists the live processes (zombies left
// out) whose session id is `sid`, in no particular order; processes this
// program may not see are not listed. A process that ends while the scan runs
// may or may not be listed. Never throws except std::bad_alloc.
#pragma once
#include <sys/types.h>

#include <vector>

namespace octobot::proc {

std::vector<pid_t> processes_in_session(pid_t sid);

// Sends `signal` to each of processes_in_session(sid); returns how many there were.
std::size_t signal_session(pid_t sid, int signal);

}  // namespace octobot::proc
