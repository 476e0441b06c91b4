#include "agent/spawn.hpp"

#include "lib/fs/unique_fd.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace octobot::agent {
namespace {

constexpr std::string_view kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// What the child reports when a step before execve fails.
enum class Step : int { signals, process_group, stdio, descriptors, directory, groups, gid, uid, parent, exec };

struct ChildFailure {
  Step step;
  int error;
};

std::string step_text(Step step, const SpawnRequest& request) {
  switch (step) {
    case Step::signals:
      return "cannot reset signals";
    case Step::process_group:
      return "cannot create a process group";
    case Step::stdio:
      return "cannot set up stdin/stdout/stderr";
    case Step::descriptors:
      return "cannot close inherited descriptors";
    case Step::directory:
      return "cannot change to directory " + request.working_directory;
    case Step::groups:
      return "cannot set supplementary groups";
    case Step::gid:
      return "cannot set group id";
    case Step::uid:
      return "cannot switch to user " + (request.identity ? request.identity->name : std::string());
    case Step::parent:
      return "the agent exited";
    case Step::exec:
      return "cannot execute it";
  }
  return "cannot start it";
}

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

[[noreturn]] void fail(int report_fd, Step step) {
  const ChildFailure failure{step, errno};
  ssize_t ignored = ::write(report_fd, &failure, sizeof failure);
  (void)ignored;
  ::_exit(127);
}

// Marks every descriptor from 3 up close-on-exec (the report pipe already is).
bool close_inherited_descriptors() {
  if (::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return true;
  // Kernels before 5.11: walk the descriptor table instead.
  const long max_fd = ::sysconf(_SC_OPEN_MAX);
  for (long fd = 3; fd < (max_fd > 0 ? max_fd : 65536); ++fd) {
    const int flags = ::fcntl(static_cast<int>(fd), F_GETFD);
    if (flags >= 0 && ::fcntl(static_cast<int>(fd), F_SETFD, flags | FD_CLOEXEC) != 0) return false;
  }
  return true;
}

// Runs in the forked child: only async-signal-safe calls.
[[noreturn]] void become_child(const SpawnRequest& request, const std::string& program, char* const* argv,
                               char* const* envp, pid_t parent, int report_fd) {
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &default_action, nullptr);  // EINVAL for RT gaps
  }
  sigset_t empty;
  sigemptyset(&empty);
  if (::sigprocmask(SIG_SETMASK, &empty, nullptr) != 0) fail(report_fd, Step::signals);
  if (::setpgid(0, 0) != 0) fail(report_fd, Step::process_group);

  int stdin_fd = request.stdin_fd;
  if (stdin_fd < 0) {
    stdin_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (stdin_fd < 0) fail(report_fd, Step::stdio);
  }
  if (::dup2(stdin_fd, STDIN_FILENO) < 0) fail(report_fd, Step::stdio);
  if (request.stdout_fd >= 0 && ::dup2(request.stdout_fd, STDOUT_FILENO) < 0) fail(report_fd, Step::stdio);
  if (request.stderr_fd >= 0 && ::dup2(request.stderr_fd, STDERR_FILENO) < 0) fail(report_fd, Step::stdio);
  if (!close_inherited_descriptors()) fail(report_fd, Step::descriptors);

  if (!request.working_directory.empty() && ::chdir(request.working_directory.c_str()) != 0) {
    fail(report_fd, Step::directory);
  }
  if (request.identity) {
    const Identity& id = *request.identity;
    if (::setgroups(id.groups.size(), id.groups.data()) != 0) fail(report_fd, Step::groups);
    if (::setgid(id.gid) != 0) fail(report_fd, Step::gid);
    if (::setuid(id.uid) != 0) fail(report_fd, Step::uid);
  }
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) {
    errno = ESRCH;
    fail(report_fd, Step::parent);
  }
  ::execve(program.c_str(), argv, envp);
  fail(report_fd, Step::exec);
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

std::string_view search_path_of(const std::vector<std::string>& environment) {
  for (const auto& entry : environment) {
    if (entry.compare(0, 5, "PATH=") == 0) return std::string_view(entry).substr(5);
  }
  return kDefaultPath;
}

Expected<pid_t, std::string> spawn_process(const SpawnRequest& request) {
  if (request.argv.empty() || request.argv[0].empty()) return std::string("cannot start a program: empty argv");
  const std::string& name = request.argv[0];
  const auto program = find_program(name, search_path_of(request.environment));
  if (!program) {
    if (name.find('/') != std::string::npos) {
      return std::string("cannot start '" + name + "': it does not exist or is not an executable file");
    }
    return std::string("cannot start '" + name + "': not found in PATH");
  }

  std::vector<std::string> args = request.argv;
  std::vector<std::string> env = request.environment;
  const std::vector<char*> arg_pointers = pointers_to(args);
  const std::vector<char*> env_pointers = pointers_to(env);

  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) return std::string("cannot start '" + name + "': pipe: " + std::strerror(errno));
  files::UniqueFd report_read(report[0]);
  files::UniqueFd report_write(report[1]);

  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) return std::string("cannot start '" + name + "': fork: " + std::strerror(errno));
  if (pid == 0) become_child(request, *program, arg_pointers.data(), env_pointers.data(), parent, report_write.get());

  report_write.reset();
  ChildFailure failure{};
  ssize_t n;
  do {
    n = ::read(report_read.get(), &failure, sizeof failure);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return pid;  // end of file: execve succeeded

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (n != static_cast<ssize_t>(sizeof failure)) return std::string("cannot start '" + name + "'");
  return std::string("cannot start '" + name + "': " + step_text(failure.step, request) + ": " +
                     std::strerror(failure.error));
}

}  // namespace octobot::agent
