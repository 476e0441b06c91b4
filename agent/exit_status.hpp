// What a child's wait status means, for the agent's own exit code and log.
//
// Contract:
// - exit_code_of(): the status a shell would report: the exit status
//   (0-255) when the child exited, 128 + signal number when a signal killed
//   it (SIGKILL: 137, SIGTERM: 143).
// - describe_status(): "exited with status 3", "was killed by SIGSEGV (core
//   dumped)".
// - signal_name(): "SIGTERM" for a known signal, "signal 42" otherwise.
// Pure functions; nothing throws except std::bad_alloc.
#pragma once
#include <string>

namespace octobot::agent {

int exit_code_of(int wait_status);
std::string describe_status(int wait_status);
std::string signal_name(int signal_number);

}  // namespace octobot::agent
