// The agent's signal handling set-up: everything asynchronous is blocked and
// read from a signalfd (as catatonit does), so no handler ever runs.
//
// Contract:
// - block_signals() blocks every signal except the synchronous ones the
//   kernel raises for a fault in the agent itself (SIGSEGV, SIGBUS, SIGILL,
//   SIGFPE, SIGABRT, SIGTRAP, SIGSYS), which keep their default action.
//   Called first thing in main(), before any set-up step, so that a SIGTERM
//   that arrives during set-up stays pending for the supervisor. Blocked
//   signals are never dropped, also for PID 1 (the kernel only discards
//   signals that PID 1 neither blocks nor handles).
// - open_signalfd() reads exactly that set, non-blocking and close-on-exec.
// - Children never inherit the mask: agent/spawn.hpp unblocks everything.
// - is_forwarded(): SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 and
//   SIGWINCH, which the supervisor sends on to its children's process groups.
//   is_stop_signal(): SIGTERM and SIGINT, which also start a graceful stop.
// - Errors are messages naming the system call; nothing throws except
//   std::bad_alloc.
#pragma once
#include "lib/fs/unique_fd.hpp"
#include "lib/result.hpp"

#include <csignal>
#include <string>

namespace octobot::agent {

Expected<void, std::string> block_signals();
Expected<files::UniqueFd, std::string> open_signalfd();

bool is_forwarded(int signal_number);
bool is_stop_signal(int signal_number);

// The first stop signal pending for this process (blocked, not yet read), or 0.
int pending_stop_signal();

}  // namespace octobot::agent
