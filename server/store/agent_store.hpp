// AgentStore: the agents of a project, with the default-agent rule.
//
// Contract (beyond what every store interface promises, see store.hpp):
// - At most one default per project. create_agent makes the first agent of a
//   project the default; creating or updating an agent with is_default clears
//   the flag on the others; deleting the default promotes the oldest remaining
//   agent. Deleting an agent leaves the sessions that used it without one
//   (their agent_id reads as empty).
// - create_agent and update_agent return the stored agent, whose is_default
//   may differ from the input.
// - find_default_agent is not_found when the project has no agent.
// - list_agents: oldest first.
#pragma once
#include "server/store/error.hpp"
#include "server/store/records.hpp"

#include <string_view>
#include <vector>

namespace octobot::store {

class AgentStore {
 public:
  virtual ~AgentStore() = default;

  virtual Result<Agent> create_agent(const Agent& agent, const EventDraft& event) = 0;
  virtual Result<Agent> find_agent(std::string_view project_id, std::string_view id) = 0;
  virtual Result<Agent> find_default_agent(std::string_view project_id) = 0;
  virtual Result<std::vector<Agent>> list_agents(std::string_view project_id) = 0;
  virtual Result<Agent> update_agent(const Agent& agent, const EventDraft& event) = 0;
  virtual Result<> delete_agent(std::string_view project_id, std::string_view id, const EventDraft& event) = 0;
};

}  // namespace octobot::store
