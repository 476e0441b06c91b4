// SessionFiles: a session's workspace files and diff, served by its agent API
// (agent-api/workspace/file_routes.hpp) through the server, which checks the
// caller's project first (the API layer) and starts a stopped sandbox on
// demand (SandboxService::wait_until_ready; the session's status events show
// it starting).
//
// Contract: each call returns the agent API's reply (status and JSON body) to
// pass on as it is; errors are the session's (not_found, invalid_state while
// removed) or unavailable when the sandbox does not answer.
#pragma once
#include "server/runtime/sandbox_client.hpp"
#include "server/service/sandboxes.hpp"

namespace octobot::service {

class SessionFiles {
 public:
  SessionFiles(Context& context, SandboxService& sandboxes)
      : sandboxes_(sandboxes), client_(context.io) {}

  boost::asio::awaitable<Result<runtime::AgentApiReply>> list(std::string project_id, std::string id, std::string path);
  boost::asio::awaitable<Result<runtime::AgentApiReply>> read(std::string project_id, std::string id, std::string path);
  boost::asio::awaitable<Result<runtime::AgentApiReply>> write(std::string project_id, std::string id, Json body);
  // What the session changed against its base (agent-api/workspace/workspace_diff.hpp).
  boost::asio::awaitable<Result<runtime::AgentApiReply>> diff(std::string project_id, std::string id, bool stat_only,
                                                              std::string path);
  // How to reach the session's sandbox (for its terminal, which the API layer relays), once ready.
  boost::asio::awaitable<Result<runtime::SandboxAccess>> sandbox(std::string project_id, std::string id);
  // The workspace snapshot of each finished turn, with its diff stat.
  boost::asio::awaitable<Result<runtime::AgentApiReply>> turns(std::string project_id, std::string id);

 private:
  static constexpr std::chrono::seconds kStartTimeout{180};
  SandboxService& sandboxes_;
  runtime::SandboxClient client_;
};

}  // namespace octobot::service
