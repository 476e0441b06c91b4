// spawn_process(): start a program with an argv vector (never a shell) the
// way the agent starts every child: in its own process group, as a given
// user, with a clean signal state.
//
// Contract:
// - argv[0] names the program; a name without '/' is looked up in the PATH
//   of the child's `environment` (find_program; /usr/local/sbin:/usr/local/bin:
//   /usr/sbin:/usr/bin:/sbin:/bin when it has none). The environment is the
//   child's complete environment.
// - The child: is the leader of a new process group (pgid == pid), so the
//   supervisor can signal it and everything it starts with kill(-pid, ...);
//   has an empty signal mask and default dispositions; has stdin from
//   `stdin_fd` (/dev/null when -1) and stdout/stderr on `stdout_fd`/
//   `stderr_fd` (the agent's own when -1); inherits no other descriptor;
//   runs in `working_directory` (unchanged when empty); takes on `identity`
//   (supplementary groups, gid, then uid) when given; and is killed with
//   SIGKILL if the agent dies (PR_SET_PDEATHSIG, set after the uid change).
// - Errors as values: a program that is not found, or any step that fails in
//   the child before execve (reported back over a close-on-exec pipe, and the
//   failed child is reaped), gives "cannot start 'octobot-proxy': <reason>".
//   On success the caller owns the pid and must reap it.
// - Must be called from a single-threaded process (the agent, a test); it
//   forks. Nothing throws except std::bad_alloc.
#pragma once
#include "agent/identity.hpp"
#include "lib/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <sys/types.h>

namespace octobot::agent {

struct SpawnRequest {
  std::vector<std::string> argv;
  std::vector<std::string> environment;  // "NAME=value" entries
  std::optional<Identity> identity;      // nullopt: the agent's own user
  std::string working_directory;
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
};

Expected<pid_t, std::string> spawn_process(const SpawnRequest& request);

// The program run() would start for `name`, or nullopt: a name containing '/'
// if it is an executable regular file, else the first executable regular file
// <dir>/<name> over the ':'-separated directories of search_path (empty
// entries skipped).
std::optional<std::string> find_program(std::string_view name, std::string_view search_path);

// The value of PATH in a "NAME=value" list, or the default above.
std::string_view search_path_of(const std::vector<std::string>& environment);

}  // namespace octobot::agent
