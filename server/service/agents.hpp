// Agents: configurations of an agent CLI (type, prompt, model, env, MCP servers).
//
// The request layer has already checked shapes; this service checks meaning
// (known type, valid env names, MCP server rules) and keeps exactly one default
// agent per project: the first agent becomes the default, setting isDefault on
// another moves it, and clearing it on the default is refused (422).
#pragma once
#include "server/service/context.hpp"

namespace octobot::service {

struct AgentType {
  std::string type;
  std::string name;
  std::string default_provider;
};

// The agent CLIs Octobot can drive.
const std::vector<AgentType>& agent_types();

// Fields a client may set; absent fields keep their value (PATCH) or default (POST).
struct AgentInput {
  std::optional<std::string> type;
  std::optional<std::string> name;
  std::optional<std::string> system_prompt;
  std::optional<std::string> model;
  std::optional<std::map<std::string, std::string>> env;
  std::optional<Json> mcp_servers;  // validated array, see validate_mcp_servers
  std::optional<bool> is_default;
  std::optional<Json> network_policy;  // added to the project's; the shape of network_policy.hpp
  std::optional<std::string> approval_policy;  // "auto" or "ask"
};

// Checks an MCP server list: [{name, type:"stdio", command, args?, env?} |
// {name, type:"http", url, headers?}], unique non-empty names, no unknown fields.
Result<Json> validate_mcp_servers(const Json& servers);

class AgentService {
 public:
  explicit AgentService(Context& context) : context_(context) {}

  Result<store::Agent> create(std::string_view project_id, const AgentInput& input);
  Result<std::vector<store::Agent>> list(std::string_view project_id);
  Result<store::Agent> get(std::string_view project_id, std::string_view id);
  Result<store::Agent> update(std::string_view project_id, std::string_view id, const AgentInput& input);
  Result<> remove(std::string_view project_id, std::string_view id);

 private:
  Result<> apply(store::Agent& agent, const AgentInput& input);
  Context& context_;
};

}  // namespace octobot::service
