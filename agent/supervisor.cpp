#include "agent/supervisor.hpp"

#include "agent/duration.hpp"
#include "agent/exit_status.hpp"
#include "agent/process_table.hpp"
#include "agent/report.hpp"
#include "agent/signals.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

namespace octobot::agent {
namespace {

std::string program_of(const ChildSpec& spec) { return spec.request.argv.empty() ? "" : spec.request.argv[0]; }

int millis_until(Clock::time_point deadline, Clock::time_point now) {
  if (deadline <= now) return 0;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
  return static_cast<int>(std::min<long long>(left, INT_MAX));
}

void send(pid_t target, int signal_number) {
  if (::kill(target, signal_number) != 0 && errno != ESRCH) {
    report("cannot send " + signal_name(signal_number) + " to " + (target < 0 ? "process group " : "process ") +
           std::to_string(target < 0 ? -target : target) + ": " + std::string(std::strerror(errno)));
  }
}

}  // namespace

Supervisor::Supervisor(SupervisorOptions options, std::vector<ChildSpec> children, files::UniqueFd signal_fd)
    : options_(options), signal_fd_(std::move(signal_fd)) {
  for (auto& spec : children) children_.push_back(Child{std::move(spec), CrashHistory(options.restart)});
}

int Supervisor::run() {
  if (const int sig = pending_stop_signal(); sig != 0) {
    report("received " + signal_name(sig) + " before the children started; exiting");
    return 128 + sig;
  }
  for (auto& child : children_) {
    if (!start(child)) {
      forced_exit_code_ = 1;
      begin_stop(std::nullopt);
      break;
    }
  }
  while (!(stopping_ && stop_complete())) {
    wait_for_events();
    read_signals();
    reap();
    on_timers();
  }
  return final_exit_code();
}

bool Supervisor::start(Child& child) {
  child.restart_at.reset();
  auto pid = spawn_process(child.spec.request);
  if (!pid) {
    report(pid.error());
    return false;
  }
  child.pid = *pid;
  has_children_ = true;
  if (child.spec.main) main_status_.reset();
  report("started " + child.spec.name + " (" + program_of(child.spec) + ") as pid " + std::to_string(child.pid));
  return true;
}

void Supervisor::wait_for_events() {
  const Clock::time_point now = Clock::now();
  std::optional<Clock::time_point> next;
  auto consider = [&](Clock::time_point t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& child : children_) {
    if (child.restart_at) consider(*child.restart_at);
  }
  if (stopping_) consider(killed_ ? kill_deadline_ : stop_deadline_);
  pollfd fd{signal_fd_.get(), POLLIN, 0};
  ::poll(&fd, 1, next ? millis_until(*next, now) : -1);
}

void Supervisor::read_signals() {
  signalfd_siginfo info{};
  while (true) {
    const ssize_t n = ::read(signal_fd_.get(), &info, sizeof info);
    if (n < 0 && errno == EINTR) continue;
    if (n != static_cast<ssize_t>(sizeof info)) return;  // EAGAIN: all read
    handle_signal(static_cast<int>(info.ssi_signo));
  }
}

void Supervisor::handle_signal(int signal_number) {
  if (signal_number == SIGCHLD || !is_forwarded(signal_number)) return;  // reap() runs after every wake-up
  for (const auto& child : children_) {
    if (child.pid > 0) send(-child.pid, signal_number);
  }
  if (is_stop_signal(signal_number) && !stopping_) {
    stop_signal_ = signal_number;
    report("received " + signal_name(signal_number) + "; stopping (grace period " +
           format_duration(options_.grace_period) + ")");
    begin_stop(signal_number);
  }
}

void Supervisor::reap() {
  while (true) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid < 0 && errno == EINTR) continue;
    if (pid <= 0) {
      has_children_ = pid == 0;  // -1 with ECHILD: none left
      return;
    }
    for (auto& child : children_) {
      if (child.pid == pid) {
        on_exit(child, status);
        break;
      }
    }
    // Any other pid was an orphan re-parented to us: reaping it was the job.
  }
}

void Supervisor::on_exit(Child& child, int wait_status) {
  const pid_t pid = child.pid;
  child.pid = -1;
  const std::string what = child.spec.name + " (pid " + std::to_string(pid) + ") " + describe_status(wait_status);
  if (child.spec.main) main_status_ = wait_status;
  if (stopping_) {
    report(what);
    return;
  }
  const bool exited_ok = WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
  if (child.spec.main && (exited_ok || options_.main_restart == MainRestart::never)) {
    report(what + "; stopping");
    begin_stop(std::nullopt);
    return;
  }
  if (child.spec.main) main_status_.reset();
  on_crash(child, what, wait_status);
}

void Supervisor::on_crash(Child& child, const std::string& what, std::optional<int> wait_status) {
  const RestartDecision decision = child.crashes.record_crash(Clock::now());
  if (decision.give_up) {
    report(what + "; giving up on " + child.spec.name + ": it ended " + std::to_string(decision.crashes_in_window) +
           " times within " + format_duration(options_.restart.crash_window));
    // The child's own status decides, unless it is 0 (an unexpected end all the same).
    const int code = wait_status ? exit_code_of(*wait_status) : 1;
    forced_exit_code_ = code != 0 ? code : 1;
    begin_stop(std::nullopt);
    return;
  }
  report(what + "; restarting in " + format_duration(decision.delay) + " (" +
         std::to_string(decision.crashes_in_window) + " of " + std::to_string(options_.restart.crash_limit) +
         " within " + format_duration(options_.restart.crash_window) + ")");
  child.restart_at = Clock::now() + decision.delay;
}

void Supervisor::begin_stop(std::optional<int> forwarded_signal) {
  if (stopping_) return;
  stopping_ = true;
  stop_deadline_ = Clock::now() + options_.grace_period;
  for (auto& child : children_) {
    child.restart_at.reset();
    if (child.pid > 0 && !forwarded_signal) send(-child.pid, SIGTERM);
  }
}

void Supervisor::on_timers() {
  const Clock::time_point now = Clock::now();
  if (!stopping_) {
    for (auto& child : children_) {
      if (!child.restart_at || now < *child.restart_at) continue;
      if (!start(child)) on_crash(child, child.spec.name + " could not be started again", std::nullopt);
      if (stopping_) break;
    }
    return;
  }
  if (!any_running() && has_children_ && !orphans_terminated_) {
    // Only processes re-parented to the agent are left: they get the same stop.
    orphans_terminated_ = true;
    for (const pid_t pid : unsupervised_children()) send(pid, SIGTERM);
  }
  if (!killed_ && now >= stop_deadline_) {
    kill_everything();
  }
}

void Supervisor::kill_everything() {
  killed_ = true;
  kill_deadline_ = Clock::now() + options_.kill_wait;
  std::vector<std::string> names;
  for (const auto& child : children_) {
    if (child.pid > 0) {
      names.push_back(child.spec.name);
      send(-child.pid, SIGKILL);
    }
  }
  const std::vector<pid_t> others = unsupervised_children();
  for (const pid_t pid : others) send(pid, SIGKILL);
  if (names.empty() && others.empty()) return;
  std::string text = "grace period of " + format_duration(options_.grace_period) + " over; sending SIGKILL to ";
  for (const auto& name : names) text += name + " and its process group, ";
  text += std::to_string(others.size()) + " other process" + (others.size() == 1 ? "" : "es");
  report(text);
}

bool Supervisor::stop_complete() const {
  if (any_running()) return killed_ && Clock::now() >= kill_deadline_;
  return !has_children_ || (killed_ && Clock::now() >= kill_deadline_);
}

bool Supervisor::any_running() const {
  return std::any_of(children_.begin(), children_.end(), [](const Child& c) { return c.pid > 0; });
}

std::vector<pid_t> Supervisor::unsupervised_children() const {
  std::vector<pid_t> pids = child_pids_of(::getpid());
  std::erase_if(pids, [&](pid_t pid) {
    return std::any_of(children_.begin(), children_.end(), [&](const Child& c) { return c.pid == pid; });
  });
  return pids;
}

int Supervisor::final_exit_code() const {
  if (forced_exit_code_) return *forced_exit_code_;
  if (main_status_) return exit_code_of(*main_status_);
  if (stop_signal_ != 0) return 128 + stop_signal_;
  return 1;
}

}  // namespace octobot::agent
