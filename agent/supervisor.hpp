// Supervisor: the agent's main loop after set-up. Starts the children,
// restarts them, forwards signals, reaps every zombie and decides the agent's
// exit code. Modelled on tini and catatonit (one signalfd, no handlers).
//
// Contract:
// - Children are started in the order given (the proxy, then the agent API),
//   each in its own process group (agent/spawn.hpp). Exactly one child is the
//   main child (the agent API).
// - Reaping: every wake-up reaps with waitpid(-1, WNOHANG) until nothing is
//   left, so orphaned grandchildren that were re-parented to the agent (PID 1,
//   or a child subreaper) never stay zombies.
// - Signals: SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 and SIGWINCH
//   are sent on to the process group of every running child. Other signals
//   are read and dropped.
// - Stopping: SIGTERM or SIGINT (after forwarding it) starts a stop: no more
//   restarts; children that were not sent the signal get SIGTERM; once the
//   supervised children have exited, the processes re-parented to the agent
//   get SIGTERM too; when the grace period has passed, every running child's
//   process group and every remaining child of the agent get SIGKILL. The
//   stop ends when no child of the agent is left (or kill_wait after the
//   SIGKILL, for processes stuck in the kernel).
// - Exits of a child while not stopping:
//     main child, status 0                -> stop the others, exit code 0;
//     main child, failed, main_restart=never -> stop the others, exit code =
//                                            its status (128+signal if killed);
//     any other exit of any child (a non-main child's exit with status 0
//     included) is a crash: restarted after the CrashHistory back-off, or,
//     at crash_limit crashes within crash_window, given up on: one line
//     "octobot-agent: giving up on <name>: ..." on stderr, the others are
//     stopped and the exit code is the child's last status (1 if that is 0).
//   A child that cannot be started again counts as a crash; one that cannot
//   be started the first time stops the agent with exit code 1.
// - run()'s exit code, when no give-up or start failure decided it: the main
//   child's status if it was running when the stop began (so after
//   SIGTERM: its own exit status, or 143 when SIGTERM killed it, 137 when the
//   grace period ran out), else 128 + the stop signal. A stop signal that is
//   already pending before any child starts ends run() at once with
//   128 + that signal.
// - Every event worth knowing (start, exit, restart, give-up, stop, SIGKILL)
//   is one "octobot-agent: " line on stderr (agent/report.hpp).
// - Single-threaded; run() blocks until the end. Nothing throws except
//   std::bad_alloc.
#pragma once
#include "agent/config.hpp"
#include "agent/restart_policy.hpp"
#include "agent/spawn.hpp"
#include "lib/fs/unique_fd.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace octobot::agent {

struct ChildSpec {
  std::string name;  // in messages: "proxy", "agent-api"
  SpawnRequest request;
  bool main = false;
};

struct SupervisorOptions {
  std::chrono::milliseconds grace_period{10'000};
  RestartPolicy restart;
  MainRestart main_restart = MainRestart::on_failure;
  std::chrono::milliseconds kill_wait{5'000};
};

class Supervisor {
 public:
  // `signal_fd` comes from open_signalfd(), with the signals already blocked.
  Supervisor(SupervisorOptions options, std::vector<ChildSpec> children, files::UniqueFd signal_fd);
  int run();

 private:
  struct Child {
    ChildSpec spec;
    CrashHistory crashes;
    pid_t pid = -1;  // -1: not running
    std::optional<Clock::time_point> restart_at;
  };

  bool start(Child& child);
  void wait_for_events();
  void read_signals();
  void handle_signal(int signal_number);
  void reap();
  void on_exit(Child& child, int wait_status);
  void on_crash(Child& child, const std::string& what, std::optional<int> wait_status);
  void begin_stop(std::optional<int> forwarded_signal);
  void on_timers();
  void kill_everything();
  bool stop_complete() const;
  bool any_running() const;
  int final_exit_code() const;
  std::vector<pid_t> unsupervised_children() const;

  SupervisorOptions options_;
  std::vector<Child> children_;
  files::UniqueFd signal_fd_;

  bool has_children_ = false;  // as of the last reap()
  bool stopping_ = false;
  bool orphans_terminated_ = false;
  bool killed_ = false;
  Clock::time_point stop_deadline_{};
  Clock::time_point kill_deadline_{};
  int stop_signal_ = 0;
  std::optional<int> forced_exit_code_;
  std::optional<int> main_status_;  // the main child's status, when its last run ended the agent
};

}  // namespace octobot::agent
