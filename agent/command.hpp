// run_command(): run a set-up tool (git, useradd, iptables-restore) to the
// end and keep what it printed, for an error message.
//
// Contract:
// - Starts the program with spawn_process() (argv only, own process group,
//   optional identity), writes `input` to its stdin (then closes it; stdin is
//   /dev/null when `input` is empty) and reads its stdout and stderr, merged,
//   keeping at most the last 16 KiB. Returns once the program has exited and
//   been reaped (waitpid on its pid only: the supervisor is not running yet).
//   A grandchild that keeps the output open does not delay the return.
//   A program that exits without reading all of `input` is not an error and
//   does not kill the caller with SIGPIPE (blocked while writing).
// - Errors as values: a program that cannot be started gives the message of
//   spawn_process(). A non-zero exit is NOT an error here: inspect
//   CommandResult; failure_message() words it: "git clone exited with status
//   128: fatal: repository '/src' does not exist".
// - Blocks the calling thread; nothing throws except std::bad_alloc.
#pragma once
#include "agent/identity.hpp"
#include "lib/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace octobot::agent {

struct CommandRequest {
  std::vector<std::string> argv;
  std::vector<std::string> environment;  // complete "NAME=value" list
  std::optional<Identity> identity;
  std::string working_directory;
  std::string input;
};

struct CommandResult {
  int wait_status = 0;
  std::string output;  // stdout and stderr as written, trimmed to the last 16 KiB

  bool succeeded() const;
};

Expected<CommandResult, std::string> run_command(const CommandRequest& request);

// "<argv[0]> <argv[1]> <status description>: <last line(s) of output>", for
// argv[1] when it is a subcommand (does not start with '-').
std::string failure_message(const std::vector<std::string>& argv, const CommandResult& result);

// A minimal environment for set-up tools: PATH (the agent's, or the default),
// LANG=C.UTF-8, and HOME when given.
std::vector<std::string> tool_environment(const std::string& home = "");

}  // namespace octobot::agent
