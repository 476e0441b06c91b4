#include "tests/unit/agent/agent_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace octobot::agent::test {
namespace {

int code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/octobot-agent-test-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp: " + std::string(std::strerror(errno)));
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

AgentProcess::AgentProcess(const AgentOptions& options) {
  std::vector<std::string> argv = options.prefix;
  argv.push_back(OCTOBOT_AGENT_BINARY);
  if (options.subreaper) argv.push_back("--subreaper");
  // Children run as the test's own user (the container's users do not exist here).
  argv.insert(argv.end(), {"--agent-user=", "--proxy-user="});
  argv.insert(argv.end(), options.args.begin(), options.args.end());
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, "OCTOBOT_", 8) != 0) env.emplace_back(*entry);
  }
  if (options.skip_setup) env.push_back("OCTOBOT_SKIP_SETUP=1");
  for (const auto& [name, value] : options.env) env.push_back(name + "=" + value);

  std::vector<char*> arg_pointers;
  for (auto& arg : argv) arg_pointers.push_back(arg.data());
  arg_pointers.push_back(nullptr);
  std::vector<char*> env_pointers;
  for (auto& entry : env) env_pointers.push_back(entry.data());
  env_pointers.push_back(nullptr);
  const std::string out = dir_.file("stdout");
  const std::string err = dir_.file("stderr");

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
  if (pid_ == 0) {
    const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execvpe(arg_pointers[0], arg_pointers.data(), env_pointers.data());
    ::_exit(127);
  }
}

AgentProcess::~AgentProcess() {
  if (exit_code_ || pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

void AgentProcess::signal(int signal_number) const { ::kill(pid_, signal_number); }

bool AgentProcess::running() {
  if (exit_code_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    exit_code_ = code_of(status);
    return false;
  }
  return true;
}

std::optional<int> AgentProcess::wait_for_exit(std::chrono::milliseconds timeout) {
  if (wait_until([&] { return !running(); }, timeout)) return exit_code_;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  exit_code_ = code_of(status);
  return std::nullopt;
}

std::string AgentProcess::stderr_text() const { return read_file(dir_.file("stderr")); }

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int count_lines(const std::string& path, const std::string& line) {
  std::istringstream in(read_file(path));
  int count = 0;
  for (std::string l; std::getline(in, l);) {
    if (l == line) ++count;
  }
  return count;
}

std::string json_argv(const std::vector<std::string>& argv) {
  std::string text = "[";
  for (const auto& arg : argv) {
    if (text.size() > 1) text += ",";
    text += "\"";
    for (const char c : arg) {
      if (c == '"' || c == '\\') text += '\\';
      text += c;
    }
    text += "\"";
  }
  return text + "]";
}

std::vector<ProcessInfo> all_processes() {
  std::vector<ProcessInfo> processes;
  DIR* dir = ::opendir("/proc");
  if (dir == nullptr) return processes;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
    const std::string stat = read_file(std::string("/proc/") + entry->d_name + "/stat");
    const std::size_t open = stat.find('(');
    const std::size_t close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close + 4 > stat.size()) continue;
    ProcessInfo info;
    info.pid = std::atoi(entry->d_name);
    info.command = stat.substr(open + 1, close - open - 1);
    info.state = stat[close + 2];
    info.ppid = std::atoi(stat.c_str() + close + 4);
    processes.push_back(info);
  }
  ::closedir(dir);
  return processes;
}

}  // namespace octobot::agent::test
