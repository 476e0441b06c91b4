// Sessions: chat threads in a workspace, bound to an agent.
//
// A new session starts "initializing" (provisioning arrives with the runtime)
// and uses the given agent, or the project's default agent, or none when the
// project has no agent yet. Only the server moves status; clients may rename.
#pragma once
#include "server/service/context.hpp"

namespace octobot::service {

class SessionService {
 public:
  explicit SessionService(Context& context) : context_(context) {}

  Result<store::Session> create(std::string_view project_id, std::string_view workspace_id, std::string_view name,
                                const std::optional<std::string>& agent_id);
  // workspace_id empty: the whole project. The workspace must exist otherwise.
  Result<store::Page<store::Session>> list(std::string_view project_id, std::string_view workspace_id,
                                           const store::PageRequest& page);
  Result<store::Session> get(std::string_view project_id, std::string_view id);
  Result<store::Session> rename(std::string_view project_id, std::string_view id, std::string_view name);
  Result<> remove(std::string_view project_id, std::string_view id);
  Result<std::vector<store::Message>> messages(std::string_view project_id, std::string_view id);

 private:
  Result<std::string> resolve_agent(std::string_view project_id, const std::optional<std::string>& agent_id);
  Context& context_;
};

}  // namespace octobot::service
