// run(): start a program with an argv vector (never a shell), capture its
// output, wait for it.
//
// Contract:
// - argv[0] names the program. A name without '/' is looked up in the PATH of
//   the child's environment (see find_program); a name with '/' is used as is.
//   Every argument reaches the program literally: no shell, no globbing, no
//   word splitting, no "$(...)".
// - The child runs in its own process group (pgid == pid), with stdin from
//   /dev/null, stdout and stderr on two pipes read concurrently with poll()
//   (neither pipe can fill up and deadlock the child), an empty signal mask,
//   default signal dispositions and no inherited descriptor above 2.
// - Each stream keeps at most max_output_bytes; the rest is read and dropped
//   and the stream is marked truncated, so a chatty child never blocks.
// - With a timeout, the whole process group is killed with SIGKILL when it
//   expires and the result has timed_out set (term_signal == SIGKILL).
// - run() returns once the child has exited and been reaped. Output that a
//   grandchild still writes after the child exited is not waited for.
// - Errors as values: an empty argv, a program that is not found or cannot be
//   executed, a missing working directory or a failing system call give an
//   error message naming the program; a non-zero exit status is NOT an error
//   (inspect ProcessResult). Nothing here throws except std::bad_alloc.
// - Thread-safe: run() may be called from several threads at once. It blocks
//   the calling thread; call it off any event loop.
#pragma once
#include "lib/result.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <sys/types.h>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace octobot::proc {

constexpr std::size_t kDefaultMaxOutputBytes = 16 * 1024 * 1024;

struct ProcessOptions {
  // Working directory of the child; empty: the caller's.
  std::string working_directory;
  // The child's full environment ("NAME=value" entries); nullopt: the caller's.
  std::optional<std::vector<std::string>> environment;
  // Applied on top of the environment above: names removed, then NAME=value set.
  std::vector<std::string> env_unset;
  std::vector<std::pair<std::string, std::string>> env_overrides;
  // Zero: no limit.
  std::chrono::milliseconds timeout{0};
  // Per stream (stdout and stderr each).
  std::size_t max_output_bytes = kDefaultMaxOutputBytes;
};

struct ProcessResult {
  int exit_code = -1;    // the exit status when the child exited, else -1
  int term_signal = 0;   // the signal that terminated the child, else 0
  std::string stdout_text;
  std::string stderr_text;
  bool stdout_truncated = false;
  bool stderr_truncated = false;
  bool timed_out = false;

  bool exited() const { return term_signal == 0 && !timed_out; }
  bool succeeded() const { return exited() && exit_code == 0; }
};

Expected<ProcessResult, std::string> run(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// A child started by start_piped(): its pid (also its process group id) and
// our ends of its three pipes, non-blocking and close-on-exec. The caller owns
// the descriptors and must reap the child (waitpid).
struct PipedChild {
  pid_t pid = -1;
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
};

// Starts a long-running program the way run() does (argv only, own process
// group, no inherited descriptor, clean signal state; options.timeout and
// max_output_bytes do not apply) with stdin, stdout and stderr on pipes, and
// returns at once. For programs spoken to over their stdio (ACP agents).
Expected<PipedChild, std::string> start_piped(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// A child started by start_in_terminal(): its pid (it leads its own session and process group)
// and our side of its pseudo-terminal (non-blocking, close-on-exec). The caller owns the
// descriptor and must reap the child.
struct TerminalChild {
  pid_t pid = -1;
  int controller_fd = -1;
};

struct TerminalSize {
  unsigned short columns = 80;
  unsigned short rows = 24;
};

// Starts an interactive program (a shell) the way start_piped() does, but in a new session whose
// controlling terminal is a new pseudo-terminal of `size`, on the child's stdin, stdout and
// stderr. Reading the controller gives what the program writes; writing it types. Once every
// holder of the terminal side has exited, reading the controller fails with EIO.
Expected<TerminalChild, std::string> start_in_terminal(const std::vector<std::string>& argv,
                                                       const ProcessOptions& options, TerminalSize size);
// Sets the window size of the terminal behind `controller_fd`; the kernel sends SIGWINCH to its
// foreground process group. False (errno set) on failure.
bool resize_terminal(int controller_fd, TerminalSize size);

// Resolves a program name the way run() does: a name containing '/' is
// returned if it is an executable regular file; otherwise the first
// executable regular file <dir>/<name> over the ':'-separated directories of
// search_path (empty entries are skipped, never taken as "."). nullopt if none.
std::optional<std::string> find_program(std::string_view name, std::string_view search_path);
// Same, over the caller's PATH (or /usr/local/bin:/usr/bin:/bin when unset).
std::optional<std::string> find_program(std::string_view name);

}  // namespace octobot::proc
