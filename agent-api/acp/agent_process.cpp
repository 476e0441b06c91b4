#include "agent-api/acp/agent_process.hpp"

#include "lib/log/log.hpp"
#include "lib/proc/run.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <csignal>
#include <sys/wait.h>

namespace octobot::acp {

namespace {
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kStderrLinesKept = 20;

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "ended";
}
}  // namespace

Expected<std::shared_ptr<AgentProcess>, std::string> AgentProcess::start(asio::any_io_executor executor,
                                                                         const LaunchCommand& command,
                                                                         std::function<void()> on_exit) {
  proc::ProcessOptions options;
  options.environment = command.environment;
  options.working_directory = command.working_directory;
  auto child = proc::start_piped(command.argv, options);
  if (!child) return child.error();
  auto peer = std::make_shared<JsonRpcPeer>(executor, child->stdin_fd, child->stdout_fd);
  auto process = std::make_shared<AgentProcess>(executor, child->pid, child->stderr_fd, std::move(peer));
  process->on_exit_ = std::move(on_exit);
  asio::co_spawn(executor, [process] { return process->read_stderr(); }, asio::detached);
  return process;
}

AgentProcess::AgentProcess(asio::any_io_executor executor, pid_t pid, int stderr_fd, std::shared_ptr<JsonRpcPeer> peer)
    : executor_(executor), pid_(pid), stderr_(executor, stderr_fd), peer_(std::move(peer)) {}

AgentProcess::~AgentProcess() {
  if (!exited_) {
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void AgentProcess::kill() {
  if (!exited_) ::kill(-pid_, SIGKILL);
}

std::string AgentProcess::stderr_tail() const {
  std::string tail;
  for (const auto& line : stderr_lines_) tail += (tail.empty() ? "" : "\n") + line;
  return tail;
}

// Reads stderr to its end; then the child has closed its descriptors (or died): reap it.
asio::awaitable<void> AgentProcess::read_stderr() {
  auto self = shared_from_this();
  std::string buffer;
  while (true) {
    auto [error, size] = co_await asio::async_read_until(stderr_, asio::dynamic_buffer(buffer, 1 << 20), '\n',
                                                         kAsTuple);
    if (error) break;
    std::string line = buffer.substr(0, size - 1);
    buffer.erase(0, size);
    log::info("agent stderr", nlohmann::json{{"pid", pid_}, {"line", line}});
    stderr_lines_.push_back(std::move(line));
    if (stderr_lines_.size() > kStderrLinesKept) stderr_lines_.pop_front();
  }
  co_await reap();
}

// Polls for the child's exit: the agent API is not its parent's SIGCHLD handler's business.
asio::awaitable<void> AgentProcess::reap() {
  auto self = shared_from_this();
  asio::steady_timer timer(executor_);
  int status = 0;
  for (int waited_ms = 0;; waited_ms += 50) {
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_ || done < 0) break;
    if (waited_ms >= 5000) ::kill(-pid_, SIGKILL);  // stderr closed but it lingers: end it
    timer.expires_after(std::chrono::milliseconds(50));
    co_await timer.async_wait(kAsTuple);
  }
  exited_ = true;
  exit_description_ = describe_status(status);
  ::kill(-pid_, SIGKILL);  // whatever the agent left behind in its group
  peer_->close("the agent " + exit_description_);
  if (on_exit_) {
    auto on_exit = std::move(on_exit_);
    on_exit();
  }
}

}  // namespace octobot::acp
