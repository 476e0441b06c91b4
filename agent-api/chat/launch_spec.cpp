#include "agent-api/chat/launch_spec.hpp"

#include <algorithm>

namespace octobot::agent_api {

namespace {

const std::vector<std::string> kTypes = {"claude-code", "codex", "gemini", "opencode"};

void set_variable(std::vector<std::string>& env, const std::string& name, const std::string& value) {
  std::erase_if(env, [&](const std::string& entry) { return entry.compare(0, name.size() + 1, name + "=") == 0; });
  env.push_back(name + "=" + value);
}

std::string variable(const std::vector<std::string>& env, const std::string& name) {
  for (const auto& entry : env) {
    if (entry.compare(0, name.size() + 1, name + "=") == 0) return entry.substr(name.size() + 1);
  }
  return "";
}

// A TOML string for codex's `-c key=value` (JSON's escapes are TOML's).
std::string toml(const std::string& text) { return nlohmann::json(text).dump(); }

// claude-agent-acp: the Claude Code SDK; key and base URL from ANTHROPIC_*; no telemetry, no updates.
void claude_code(acp::LaunchCommand& command, const AgentSettings& settings) {
  command.argv = {"claude-agent-acp"};
  set_variable(command.environment, "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
  if (!settings.model.empty()) set_variable(command.environment, "ANTHROPIC_MODEL", settings.model);
}

// codex-acp: its own sandbox needs bubblewrap and is redundant in ours (danger-full-access); the
// provider is ours so that OPENAI_BASE_URL (if set) is honoured without codex's login flow.
void codex(acp::LaunchCommand& command, const AgentSettings& settings) {
  std::string base_url = variable(command.environment, "OPENAI_BASE_URL");
  if (base_url.empty()) base_url = "https://api.openai.com/v1";
  command.argv = {"codex-acp",
                  "-c", "sandbox_mode=\"danger-full-access\"",
                  "-c", std::string("approval_policy=") + (settings.approval_policy == "ask" ? "\"untrusted\"" : "\"never\""),
                  "-c", "model_provider=\"octobot\"",
                  "-c", "model_providers.octobot.name=\"OpenAI through Octobot\"",
                  "-c", "model_providers.octobot.base_url=" + toml(base_url),
                  "-c", "model_providers.octobot.env_key=\"OPENAI_API_KEY\"",
                  "-c", "model_providers.octobot.wire_api=\"responses\""};
  if (!settings.model.empty()) command.argv.insert(command.argv.end(), {"-c", "model=" + toml(settings.model)});
}

// gemini --acp: key and base URL from GEMINI_API_KEY / GOOGLE_GEMINI_BASE_URL; the workspace is trusted.
void gemini(acp::LaunchCommand& command, const AgentSettings& settings) {
  command.argv = {"gemini", "--acp"};
  if (settings.approval_policy != "ask") command.argv.insert(command.argv.end(), {"--approval-mode", "yolo"});
  if (!settings.model.empty()) command.argv.insert(command.argv.end(), {"--model", settings.model});
  set_variable(command.environment, "GEMINI_CLI_TRUST_WORKSPACE", "true");
}

// opencode acp: providers and keys from its own configuration (OPENCODE_CONFIG_CONTENT in the agent's env).
void opencode(acp::LaunchCommand& command, const AgentSettings& settings) {
  command.argv = {"opencode", "acp"};
  for (const char* name : {"OPENCODE_DISABLE_MODELS_FETCH", "OPENCODE_DISABLE_AUTOUPDATE", "OPENCODE_DISABLE_DEFAULT_PLUGINS"}) {
    set_variable(command.environment, name, "1");
  }
  if (!settings.model.empty()) set_variable(command.environment, "OPENCODE_MODEL", settings.model);
}

}  // namespace

const std::vector<std::string>& agent_types() { return kTypes; }

bool known_agent_type(const std::string& type) { return std::find(kTypes.begin(), kTypes.end(), type) != kTypes.end(); }

bool takes_system_prompt_in_session(const std::string& type) { return type == "claude-code"; }

Expected<acp::LaunchCommand, std::string> launch_command(const AgentSettings& settings,
                                                         const std::vector<std::string>& base_environment,
                                                         const std::string& workspace) {
  if (!known_agent_type(settings.type)) {
    std::string known;
    for (const auto& name : kTypes) known += (known.empty() ? "" : ", ") + name;
    return "unknown agent type \"" + settings.type + "\" (known: " + known + ")";
  }
  acp::LaunchCommand command{{}, base_environment, workspace};
  for (const auto& [name, value] : settings.env.items()) {
    if (value.is_string()) set_variable(command.environment, name, value.get<std::string>());
  }
  if (settings.type == "claude-code") claude_code(command, settings);
  if (settings.type == "codex") codex(command, settings);
  if (settings.type == "gemini") gemini(command, settings);
  if (settings.type == "opencode") opencode(command, settings);
  return command;
}

}  // namespace octobot::agent_api
