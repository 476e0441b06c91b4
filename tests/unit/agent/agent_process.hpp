// Test helpers: run the real octobot-agent binary as a child of the test, and
// wait for things to happen (tests/unit/agent/supervisor_test.cpp).
//
// Contract:
// - AgentProcess::start() runs OCTOBOT_AGENT_BINARY (after `prefix`, if any)
//   with `args` and the test's
//   environment without any OCTOBOT_* variable, plus `env`; by default
//   OCTOBOT_SKIP_SETUP=1 and --subreaper are added (the agent supervises
//   only, and reaps orphans although it is not PID 1), and always
//   --agent-user= --proxy-user= (children run as the test's user). Its stdout and stderr
//   go to files in a temporary directory; core dumps are off.
// - wait_for_exit() returns the exit code (128+signal when killed), or
//   nullopt after `timeout` (the agent is then killed with SIGKILL).
// - The destructor kills a still-running agent (and its process group's
//   children die with it through PR_SET_PDEATHSIG) and reaps it.
// - TempDir: a fresh directory under $TMPDIR or /tmp, removed with its
//   content by the destructor.
// - wait_until() polls `condition` every 10 ms until it holds or `timeout`
//   passes; it returns the last answer.
#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include <sys/types.h>

namespace octobot::agent::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct AgentOptions {
  std::vector<std::string> prefix;  // a program that runs the agent, e.g. unshare (looked up in PATH)
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  bool skip_setup = true;
  bool subreaper = true;
};

class AgentProcess {
 public:
  explicit AgentProcess(const AgentOptions& options);
  ~AgentProcess();
  AgentProcess(const AgentProcess&) = delete;
  AgentProcess& operator=(const AgentProcess&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int signal_number) const;
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);
  bool running();
  std::string stderr_text() const;

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

std::string read_file(const std::string& path);
// Number of lines of `path` equal to `line`.
int count_lines(const std::string& path, const std::string& line);

// The JSON array text of an argv: ["sh","-c","exit 3"].
std::string json_argv(const std::vector<std::string>& argv);

struct ProcessInfo {
  pid_t pid = 0;
  pid_t ppid = 0;
  char state = '?';
  std::string command;
};
// Every process of the system, from /proc/<pid>/stat.
std::vector<ProcessInfo> all_processes();

}  // namespace octobot::agent::test
