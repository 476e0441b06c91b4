// Launch specs: how each agent type is started as an ACP agent (DESIGN §6:
// an agent type is a launch spec, not a parser).
//
// Contract of launch_command(settings, base_environment, workspace):
// - argv per type: claude-code → claude-agent-acp; codex → codex-acp with
//   its own sandbox off (the container is the boundary) and an OpenAI
//   provider at OPENAI_BASE_URL; gemini → gemini --acp (yolo unless the
//   policy is "ask"); opencode → opencode acp. The model, when set, goes
//   where that CLI reads it (an environment variable, a flag or -c).
// - The environment is the agent API's own (proxy and CA variables, HOME,
//   PATH), then the agent's configured env (the credential placeholder and
//   base URL the server chose), then the type's fixed settings (no
//   telemetry, no auto-update, a trusted workspace).
// - An unknown type is an error naming the known ones.
#pragma once
#include "agent-api/acp/agent_process.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace octobot::agent_api {

struct AgentSettings {
  std::string type;  // "claude-code", "codex", "gemini", "opencode"
  std::string model;
  std::string system_prompt;
  nlohmann::json env = nlohmann::json::object();         // {"NAME": "value"}
  nlohmann::json mcp_servers = nlohmann::json::array();  // ACP McpServer objects
  std::string approval_policy = "auto";                 // "auto" or "ask"
  std::chrono::seconds approval_timeout{600};
};

// The agent types, in the order GET …/agents/types lists them.
const std::vector<std::string>& agent_types();
bool known_agent_type(const std::string& type);

Expected<acp::LaunchCommand, std::string> launch_command(const AgentSettings& settings,
                                                         const std::vector<std::string>& base_environment,
                                                         const std::string& workspace);

// Whether the agent takes the system prompt in session/new (claude-agent-acp's
// _meta.systemPrompt.append); otherwise it is sent ahead of the first prompt.
bool takes_system_prompt_in_session(const std::string& type);

}  // namespace octobot::agent_api
