#include "lib/proc/run.hpp"

#include "lib/fs/unique_fd.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace octobot::proc {
namespace {

constexpr std::string_view kDefaultPath = "/usr/local/bin:/usr/bin:/bin";
// How often run() checks whether the child exited while a grandchild keeps
// the pipes open.
constexpr int kReapPollMillis = 100;

using Clock = std::chrono::steady_clock;

std::string errno_text(int error) { return std::strerror(error); }

using Fd = files::UniqueFd;

struct Pipe {
  Fd read_end;
  Fd write_end;
};

Expected<Pipe, std::string> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return std::string("pipe: " + errno_text(errno));
  Pipe pipe{Fd(fds[0]), Fd(fds[1])};
  const int flags = ::fcntl(fds[0], F_GETFL);
  if (flags < 0 || ::fcntl(fds[0], F_SETFL, flags | O_NONBLOCK) != 0) {
    return std::string("fcntl: " + errno_text(errno));
  }
  return pipe;
}

// ---- environment -----------------------------------------------------------

std::string_view env_name(std::string_view entry) { return entry.substr(0, entry.find('=')); }

std::vector<std::string> base_environment(const ProcessOptions& options) {
  if (options.environment) return *options.environment;
  std::vector<std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) env.emplace_back(*entry);
  return env;
}

void remove_variable(std::vector<std::string>& env, std::string_view name) {
  std::erase_if(env, [&](const std::string& entry) { return env_name(entry) == name; });
}

std::vector<std::string> build_environment(const ProcessOptions& options) {
  std::vector<std::string> env = base_environment(options);
  for (const auto& name : options.env_unset) remove_variable(env, name);
  for (const auto& [name, value] : options.env_overrides) {
    remove_variable(env, name);
    env.push_back(name + "=" + value);
  }
  return env;
}

std::string_view search_path_of(const std::vector<std::string>& env) {
  for (const auto& entry : env) {
    if (env_name(entry) == "PATH") return std::string_view(entry).substr(5);
  }
  return kDefaultPath;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// ---- program lookup --------------------------------------------------------

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// ---- spawning --------------------------------------------------------------

// posix_spawn attributes and file actions, released on scope exit.
class SpawnSetup {
 public:
  SpawnSetup() {
    ::posix_spawnattr_init(&attr_);
    ::posix_spawn_file_actions_init(&actions_);
  }
  ~SpawnSetup() {
    ::posix_spawn_file_actions_destroy(&actions_);
    ::posix_spawnattr_destroy(&attr_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;

  // Returns 0 or an errno value.
  // stdin_fd < 0: /dev/null.
  int configure(const ProcessOptions& options, int stdin_fd, int stdout_fd, int stderr_fd) {
    int rc = set_signals_and_group(POSIX_SPAWN_SETPGROUP);
    if (rc == 0) rc = ::posix_spawnattr_setpgroup(&attr_, 0);
    if (rc == 0) {
      rc = stdin_fd < 0 ? ::posix_spawn_file_actions_addopen(&actions_, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
                        : ::posix_spawn_file_actions_adddup2(&actions_, stdin_fd, STDIN_FILENO);
    }
    if (rc == 0) rc = ::posix_spawn_file_actions_adddup2(&actions_, stdout_fd, STDOUT_FILENO);
    if (rc == 0) rc = ::posix_spawn_file_actions_adddup2(&actions_, stderr_fd, STDERR_FILENO);
    return rc == 0 ? finish(options) : rc;
  }

  // A new session whose controlling terminal is the pseudo-terminal `terminal_path`, on stdin,
  // stdout and stderr. (glibc runs setsid before the file actions, and a session leader that
  // opens a terminal without O_NOCTTY acquires it.)
  int configure_terminal(const ProcessOptions& options, const std::string& terminal_path) {
    int rc = set_signals_and_group(POSIX_SPAWN_SETSID);
    if (rc == 0) rc = ::posix_spawn_file_actions_addopen(&actions_, STDIN_FILENO, terminal_path.c_str(), O_RDWR, 0);
    if (rc == 0) rc = ::posix_spawn_file_actions_adddup2(&actions_, STDIN_FILENO, STDOUT_FILENO);
    if (rc == 0) rc = ::posix_spawn_file_actions_adddup2(&actions_, STDIN_FILENO, STDERR_FILENO);
    return rc == 0 ? finish(options) : rc;
  }

  const posix_spawnattr_t* attr() const { return &attr_; }
  const posix_spawn_file_actions_t* actions() const { return &actions_; }

 private:
  // An empty signal mask, default dispositions, and `group_flag` (a new group or a new session).
  int set_signals_and_group(short group_flag) {
    sigset_t empty;
    sigset_t all;
    sigemptyset(&empty);
    sigfillset(&all);
    int rc = ::posix_spawnattr_setflags(&attr_, group_flag | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (rc == 0) rc = ::posix_spawnattr_setsigmask(&attr_, &empty);
    if (rc == 0) rc = ::posix_spawnattr_setsigdefault(&attr_, &all);
    return rc;
  }

  // No inherited descriptor above 2; the working directory.
  int finish(const ProcessOptions& options) {
    int rc = ::posix_spawn_file_actions_addclosefrom_np(&actions_, STDERR_FILENO + 1);
    if (rc == 0 && !options.working_directory.empty()) {
      rc = ::posix_spawn_file_actions_addchdir_np(&actions_, options.working_directory.c_str());
    }
    return rc;
  }

  posix_spawnattr_t attr_;
  posix_spawn_file_actions_t actions_;
};

std::string not_found_message(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    return "program '" + name + "' does not exist or is not an executable file";
  }
  return "program '" + name + "' not found in PATH";
}

Expected<void, std::string> check_working_directory(const ProcessOptions& options) {
  if (options.working_directory.empty()) return {};
  struct stat st {};
  if (::stat(options.working_directory.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return std::string("working directory '" + options.working_directory + "' does not exist");
  }
  return {};
}

// `configure` prepares the child's descriptors and group (a SpawnSetup method); 0 or an errno value.
template <class Configure>
Expected<pid_t, std::string> spawn(const std::vector<std::string>& argv, const ProcessOptions& options,
                                   Configure configure) {
  std::vector<std::string> env = build_environment(options);
  const std::optional<std::string> program = find_program(argv[0], search_path_of(env));
  if (!program) return not_found_message(argv[0]);
  if (auto dir = check_working_directory(options); !dir) return dir.error();

  SpawnSetup setup;
  if (const int rc = configure(setup); rc != 0) {
    return std::string("cannot prepare to start '" + argv[0] + "': " + errno_text(rc));
  }
  std::vector<std::string> args = argv;
  const std::vector<char*> arg_pointers = pointers_to(args);
  const std::vector<char*> env_pointers = pointers_to(env);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, program->c_str(), setup.actions(), setup.attr(), arg_pointers.data(),
                               env_pointers.data());
  if (rc != 0) return std::string("cannot start '" + argv[0] + "': " + errno_text(rc));
  return pid;
}

// ---- reading output --------------------------------------------------------

struct Capture {
  Fd fd;
  std::string& data;
  bool& truncated;
  std::size_t limit;
};

void append_limited(Capture& capture, const char* bytes, std::size_t size) {
  const std::size_t room = capture.limit - std::min(capture.limit, capture.data.size());
  if (size > room) capture.truncated = true;
  capture.data.append(bytes, std::min(size, room));
}

// Reads what is available now; closes the descriptor at end of file or on error.
void read_available(Capture& capture) {
  char buffer[64 * 1024];
  while (capture.fd.get() >= 0) {
    const ssize_t n = ::read(capture.fd.get(), buffer, sizeof buffer);
    if (n > 0) {
      append_limited(capture, buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    capture.fd.reset();
  }
}

int poll_timeout_millis(std::optional<Clock::time_point> deadline) {
  if (!deadline) return kReapPollMillis;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, kReapPollMillis));
}

void poll_once(Capture& out, Capture& err, int timeout_millis) {
  pollfd fds[2] = {{out.fd.get(), POLLIN, 0}, {err.fd.get(), POLLIN, 0}};  // fd -1 is ignored by poll
  if (::poll(fds, 2, timeout_millis) <= 0) return;  // timeout or EINTR: the caller loops
  if (fds[0].revents != 0) read_available(out);
  if (fds[1].revents != 0) read_available(err);
}

// A wait for the child: done with its status, or failed with an errno value
// (ECHILD when someone else reaped it, e.g. SIGCHLD set to SIG_IGN).
struct WaitState {
  bool done = false;
  int error = 0;
  int status = 0;
};

WaitState wait_child(pid_t pid, int flags) {
  WaitState state;
  pid_t r;
  do {
    r = ::waitpid(pid, &state.status, flags);
  } while (r < 0 && errno == EINTR);
  if (r < 0) state.error = errno;
  state.done = r != 0;
  return state;
}

struct PumpOutcome {
  WaitState wait;
  bool timed_out = false;
};

// Reads both pipes until both are closed, the child exits or the deadline passes.
PumpOutcome pump(pid_t pid, Capture& out, Capture& err, std::optional<Clock::time_point> deadline) {
  PumpOutcome outcome;
  while (out.fd.get() >= 0 || err.fd.get() >= 0) {
    outcome.wait = wait_child(pid, WNOHANG);
    if (outcome.wait.done) return outcome;
    if (deadline && Clock::now() >= *deadline) {
      outcome.timed_out = true;
      return outcome;
    }
    poll_once(out, err, poll_timeout_millis(deadline));
  }
  return outcome;
}

void fill_status(ProcessResult& result, int status) {
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
}

Expected<ProcessResult, std::string> collect(const std::string& program, pid_t pid, Pipe& out_pipe, Pipe& err_pipe,
                                             const ProcessOptions& options) {
  ProcessResult result;
  Capture out{std::move(out_pipe.read_end), result.stdout_text, result.stdout_truncated, options.max_output_bytes};
  Capture err{std::move(err_pipe.read_end), result.stderr_text, result.stderr_truncated, options.max_output_bytes};
  std::optional<Clock::time_point> deadline;
  if (options.timeout.count() > 0) deadline = Clock::now() + options.timeout;

  PumpOutcome outcome = pump(pid, out, err, deadline);
  if (outcome.timed_out) {
    ::kill(-pid, SIGKILL);
    result.timed_out = true;
  }
  if (!outcome.wait.done) outcome.wait = wait_child(pid, 0);
  if (outcome.wait.error != 0) {
    return std::string("cannot wait for '" + program + "': " + errno_text(outcome.wait.error));
  }
  // What the child wrote before it ended is already in the pipes.
  read_available(out);
  read_available(err);
  fill_status(result, outcome.wait.status);
  return result;
}

}  // namespace

std::optional<std::string> find_program(std::string_view name, std::string_view search_path) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string_view::npos) {
    std::string path(name);
    if (is_executable_file(path)) return path;
    return std::nullopt;
  }
  while (true) {
    const std::size_t colon = search_path.find(':');
    const std::string_view dir = search_path.substr(0, colon);
    if (!dir.empty()) {
      std::string candidate = std::string(dir) + (dir.back() == '/' ? "" : "/") + std::string(name);
      if (is_executable_file(candidate)) return candidate;
    }
    if (colon == std::string_view::npos) return std::nullopt;
    search_path.remove_prefix(colon + 1);
  }
}

std::optional<std::string> find_program(std::string_view name) {
  const char* path = std::getenv("PATH");
  return find_program(name, path ? std::string_view(path) : kDefaultPath);
}

Expected<ProcessResult, std::string> run(const std::vector<std::string>& argv, const ProcessOptions& options) {
  if (argv.empty()) return std::string("cannot run a program: empty argv");
  auto out_pipe = make_pipe();
  if (!out_pipe) return out_pipe.error();
  auto err_pipe = make_pipe();
  if (!err_pipe) return err_pipe.error();

  auto pid = spawn(argv, options, [&](SpawnSetup& setup) {
    return setup.configure(options, -1, out_pipe->write_end.get(), err_pipe->write_end.get());
  });
  out_pipe->write_end.reset();
  err_pipe->write_end.reset();
  if (!pid) return pid.error();
  return collect(argv[0], *pid, *out_pipe, *err_pipe, options);
}

Expected<PipedChild, std::string> start_piped(const std::vector<std::string>& argv, const ProcessOptions& options) {
  if (argv.empty()) return std::string("cannot start a program: empty argv");
  auto in_pipe = make_pipe();
  if (!in_pipe) return in_pipe.error();
  auto out_pipe = make_pipe();
  if (!out_pipe) return out_pipe.error();
  auto err_pipe = make_pipe();
  if (!err_pipe) return err_pipe.error();
  // make_pipe() makes the read end non-blocking; the child's stdin must block, ours must not.
  if (::fcntl(in_pipe->read_end.get(), F_SETFL, 0) != 0 ||
      ::fcntl(in_pipe->write_end.get(), F_SETFL, O_NONBLOCK) != 0) {
    return std::string("fcntl: " + errno_text(errno));
  }
  auto pid = spawn(argv, options, [&](SpawnSetup& setup) {
    return setup.configure(options, in_pipe->read_end.get(), out_pipe->write_end.get(), err_pipe->write_end.get());
  });
  if (!pid) return pid.error();
  PipedChild child;
  child.pid = *pid;
  child.stdin_fd = in_pipe->write_end.release();
  child.stdout_fd = out_pipe->read_end.release();
  child.stderr_fd = err_pipe->read_end.release();
  return child;
}

Expected<TerminalChild, std::string> start_in_terminal(const std::vector<std::string>& argv,
                                                       const ProcessOptions& options, TerminalSize size) {
  if (argv.empty()) return std::string("cannot start a program: empty argv");
  Fd controller(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK));
  if (!controller) return std::string("posix_openpt: " + errno_text(errno));
  char terminal_path[64];
  if (::grantpt(controller.get()) != 0 || ::unlockpt(controller.get()) != 0 ||
      ::ptsname_r(controller.get(), terminal_path, sizeof terminal_path) != 0) {
    return std::string("cannot prepare a pseudo-terminal: " + errno_text(errno));
  }
  if (!resize_terminal(controller.get(), size)) return std::string("TIOCSWINSZ: " + errno_text(errno));
  auto pid = spawn(argv, options, [&](SpawnSetup& setup) {
    return setup.configure_terminal(options, terminal_path);
  });
  if (!pid) return pid.error();
  return TerminalChild{*pid, controller.release()};
}

bool resize_terminal(int controller_fd, TerminalSize size) {
  winsize window{};
  window.ws_row = size.rows;
  window.ws_col = size.columns;
  return ::ioctl(controller_fd, TIOCSWINSZ, &window) == 0;
}

}  // namespace octobot::proc
