#include "agent/command.hpp"

#include "agent/exit_status.hpp"
#include "agent/spawn.hpp"
#include "lib/fs/unique_fd.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace octobot::agent {
namespace {

constexpr std::size_t kMaxOutput = 16 * 1024;
constexpr int kPollMillis = 100;
constexpr std::string_view kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

using files::UniqueFd;

struct Pipe {
  UniqueFd read_end;
  UniqueFd write_end;
};

bool set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

// A pipe whose end kept by the agent (`ours`: 0 read, 1 write) is
// non-blocking; the program's end stays blocking, as programs expect.
Expected<Pipe, std::string> make_pipe(int ours) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return std::string("pipe: ") + std::strerror(errno);
  Pipe pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
  if (!set_nonblocking(fds[ours])) return std::string("fcntl: ") + std::strerror(errno);
  return pipe;
}

void keep_tail(std::string& output) {
  if (output.size() > 2 * kMaxOutput) output.erase(0, output.size() - kMaxOutput);
}

// Reads what is available; closes the descriptor at end of file.
void drain(UniqueFd& fd, std::string& output) {
  char buffer[8192];
  while (fd.valid()) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n > 0) {
      output.append(buffer, static_cast<std::size_t>(n));
      keep_tail(output);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;
    } else {
      fd.reset();
    }
  }
}

// Blocks SIGPIPE in the calling thread while it lives, so that writing to a
// program that exited without reading its input gives EPIPE instead of
// killing the caller (the agent blocks it anyway; a test or tool may not).
// A SIGPIPE raised meanwhile is consumed, unless one was already pending.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    ::sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    ::pthread_sigmask(SIG_BLOCK, &sigpipe_, &previous_);
  }
  ~SigpipeGuard() {
    if (!was_pending_) {
      const timespec zero{0, 0};
      while (::sigtimedwait(&sigpipe_, nullptr, &zero) == SIGPIPE) {
      }
    }
    ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t sigpipe_;
  sigset_t previous_;
  bool was_pending_ = false;
};

// Writes what the pipe takes now; closes the descriptor when all is written
// or the reader is gone.
void feed(UniqueFd& fd, std::string_view& input) {
  while (fd.valid() && !input.empty()) {
    const ssize_t n = ::write(fd.get(), input.data(), input.size());
    if (n > 0) {
      input.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;
    } else {
      fd.reset();  // EPIPE: the program stopped reading
    }
  }
  if (input.empty()) fd.reset();
}

bool exited(pid_t pid, int& status) {
  pid_t r;
  do {
    r = ::waitpid(pid, &status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  return r == pid;
}

std::string last_lines(const std::string& output) {
  std::string text = output;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) text.pop_back();
  constexpr std::size_t kMaxShown = 1000;
  if (text.size() > kMaxShown) text = "..." + text.substr(text.size() - kMaxShown);
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace

bool CommandResult::succeeded() const { return WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0; }

Expected<CommandResult, std::string> run_command(const CommandRequest& request) {
  const std::string name = request.argv.empty() ? std::string() : request.argv[0];
  auto output_pipe = make_pipe(0);
  if (!output_pipe) return std::string("cannot start '" + name + "': " + output_pipe.error());
  std::optional<Pipe> input_pipe;
  if (!request.input.empty()) {
    auto made = make_pipe(1);
    if (!made) return std::string("cannot start '" + name + "': " + made.error());
    input_pipe.emplace(std::move(*made));
  }

  SpawnRequest spawn;
  spawn.argv = request.argv;
  spawn.environment = request.environment;
  spawn.identity = request.identity;
  spawn.working_directory = request.working_directory;
  spawn.stdin_fd = input_pipe ? input_pipe->read_end.get() : -1;
  spawn.stdout_fd = output_pipe->write_end.get();
  spawn.stderr_fd = output_pipe->write_end.get();
  auto pid = spawn_process(spawn);
  output_pipe->write_end.reset();
  UniqueFd input_fd;
  if (input_pipe) {
    input_pipe->read_end.reset();
    input_fd = std::move(input_pipe->write_end);
  }
  if (!pid) return pid.error();

  CommandResult result;
  const SigpipeGuard sigpipe_guard;
  std::string_view input = request.input;
  UniqueFd& output_fd = output_pipe->read_end;
  bool done = false;
  while (output_fd.valid() && !done) {
    feed(input_fd, input);
    pollfd fds[2] = {{output_fd.get(), POLLIN, 0}, {input_fd.get(), POLLOUT, 0}};
    ::poll(fds, 2, kPollMillis);
    drain(output_fd, result.output);
    done = exited(*pid, result.wait_status);
  }
  if (!done) {
    while (::waitpid(*pid, &result.wait_status, 0) < 0 && errno == EINTR) {
    }
  }
  drain(output_fd, result.output);  // what was written before the exit
  if (result.output.size() > kMaxOutput) result.output.erase(0, result.output.size() - kMaxOutput);
  return result;
}

std::string failure_message(const std::vector<std::string>& argv, const CommandResult& result) {
  std::string text = argv.empty() ? std::string("command") : argv[0];
  // Name the subcommand too ("git clone"), skipping git's "-C dir"/"-c x=y".
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-C" || argv[i] == "-c") {
      ++i;
      continue;
    }
    if (!argv[i].empty() && argv[i][0] != '-') text += " " + argv[i];
    break;
  }
  text += " " + describe_status(result.wait_status);
  const std::string shown = last_lines(result.output);
  if (!shown.empty()) text += ": " + shown;
  return text;
}

std::vector<std::string> tool_environment(const std::string& home) {
  const char* path = std::getenv("PATH");
  std::vector<std::string> env;
  env.push_back("PATH=" + std::string(path != nullptr && *path != '\0' ? std::string_view(path) : kDefaultPath));
  env.push_back("LANG=C.UTF-8");
  if (!home.empty()) env.push_back("HOME=" + home);
  return env;
}

}  // namespace octobot::agent
