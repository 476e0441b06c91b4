// Sessions: chat threads in a workspace, bound to an agent.
//
// A new session starts "initializing", uses the given agent, or the project's
// default agent, or none when the project has no agent yet, and its sandbox
// is provisioned in the background (SandboxService). Only the server moves
// status; clients may rename, stop, start and remove.
#pragma once
#include "server/service/context.hpp"
#include "server/service/sandboxes.hpp"

namespace octobot::service {

class SessionService {
 public:
  SessionService(Context& context, SandboxService& sandboxes) : context_(context), sandboxes_(sandboxes) {}

  Result<store::Session> create(std::string_view project_id, std::string_view workspace_id, std::string_view name,
                                const std::optional<std::string>& agent_id);
  // workspace_id empty: the whole project. The workspace must exist otherwise.
  Result<store::Page<store::Session>> list(std::string_view project_id, std::string_view workspace_id,
                                           const store::PageRequest& page);
  Result<store::Session> get(std::string_view project_id, std::string_view id);
  Result<store::Session> rename(std::string_view project_id, std::string_view id, std::string_view name);
  // The session as it is when the request is taken (stop and start run in
  // the background; remove marks it "removing" and deletes it when its
  // sandbox is gone).
  Result<store::Session> stop(std::string_view project_id, std::string_view id);
  Result<store::Session> start(std::string_view project_id, std::string_view id);
  Result<store::Session> remove(std::string_view project_id, std::string_view id);
  Result<std::vector<store::Message>> messages(std::string_view project_id, std::string_view id);

 private:
  Result<std::string> resolve_agent(std::string_view project_id, const std::optional<std::string>& agent_id);
  Context& context_;
  SandboxService& sandboxes_;
};

}  // namespace octobot::service
