// AgentProcess: one ACP agent program (claude-agent-acp, codex-acp, ...)
// running as a child of the agent API, spoken to over its stdio.
//
// Contract:
// - start() runs argv (never a shell) in its own process group, in
//   `working_directory`, with exactly `environment`; the JSON-RPC peer is on
//   its stdin/stdout. Each stderr line goes to the log (info level, "agent
//   stderr"), the last few are kept for error messages (stderr_tail()).
// - The child is reaped by the process itself: once its output closes,
//   exit_description() says how it ended ("exited with status 1", "killed by
//   signal 9"), and on_exit runs once.
// - kill() sends SIGKILL to the whole process group (the agent and whatever
//   it started); the destructor does too.
// - Use from the io_context's thread only.
#pragma once
#include "agent-api/acp/json_rpc_peer.hpp"

#include <sys/types.h>

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace octobot::acp {

struct LaunchCommand {
  std::vector<std::string> argv;
  std::vector<std::string> environment;  // NAME=value, the whole environment
  std::string working_directory;
};

class AgentProcess : public std::enable_shared_from_this<AgentProcess> {
 public:
  static Expected<std::shared_ptr<AgentProcess>, std::string> start(asio::any_io_executor executor,
                                                                    const LaunchCommand& command,
                                                                    std::function<void()> on_exit);
  ~AgentProcess();

  JsonRpcPeer& peer() { return *peer_; }
  bool running() const { return !exited_; }
  pid_t pid() const { return pid_; }
  void kill();
  std::string exit_description() const { return exit_description_; }
  std::string stderr_tail() const;

  // Called by start(): do not use directly.
  AgentProcess(asio::any_io_executor executor, pid_t pid, int stderr_fd, std::shared_ptr<JsonRpcPeer> peer);

 private:
  asio::awaitable<void> read_stderr();
  asio::awaitable<void> reap();

  asio::any_io_executor executor_;
  pid_t pid_;
  asio::posix::stream_descriptor stderr_;
  std::shared_ptr<JsonRpcPeer> peer_;
  std::function<void()> on_exit_;
  std::deque<std::string> stderr_lines_;
  bool exited_ = false;
  std::string exit_description_;
};

}  // namespace octobot::acp
