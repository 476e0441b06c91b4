// child_specs(): what the supervisor starts, from the configuration.
//
// Contract:
// - In start order: "proxy" (config.proxy_argv, as config.proxy_user; left
//   out when the argv is empty), then "agent-api" (config.api_argv, as
//   config.agent_user), the main child.
// - Each user is looked up now (an empty name: the agent's own user); a
//   missing user is an error: "user octoproxy does not exist".
// - Environments come from child_environment() over the agent's own
//   environment (agent/child_environment.hpp): the agent API gets the proxy
//   and CA variables, the proxy none of them.
#pragma once
#include "agent/config.hpp"
#include "agent/supervisor.hpp"
#include "lib/result.hpp"

#include <string>
#include <vector>

namespace octobot::agent {

Expected<std::vector<ChildSpec>, std::string> child_specs(const AgentConfig& config,
                                                          const std::vector<std::string>& base_environment);

}  // namespace octobot::agent
