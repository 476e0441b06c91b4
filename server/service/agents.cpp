#include "server/service/agents.hpp"

#include "lib/json/object_reader.hpp"
#include "server/service/network_policy.hpp"
#include "server/service/wire.hpp"

#include <algorithm>
#include <set>

namespace octobot::service {

namespace {

bool valid_env_name(std::string_view name) {
  if (name.empty() || name.size() > 128 || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

Error invalid(std::string message) { return Error::invalid(std::move(message), "invalid_field"); }

Result<Json> validate_mcp_server(const Json& server, std::size_t index) {
  std::string path = "mcpServers[" + std::to_string(index) + "]";
  if (!server.is_object()) return invalid("field \"" + path + "\" must be an object");
  json::ObjectReader reader(server, path);
  std::string name = reader.required_string("name");
  std::string type = reader.required_string("type");
  Json normalized{{"name", name}, {"type", type}};
  if (type == "stdio") {
    std::string command = reader.required_string("command");
    auto args = reader.optional_string_list("args");
    auto env = reader.optional_string_map("env");
    if (!reader.has("command") || command.empty()) reader.fail("command", "must be a non-empty string");
    normalized["command"] = command;
    normalized["args"] = args.value_or(std::vector<std::string>{});
    normalized["env"] = env.value_or(std::map<std::string, std::string>{});
    for (const auto& [key, value] : normalized["env"].items()) {
      if (!valid_env_name(key)) reader.fail("env." + key, "is not a valid environment variable name");
    }
  } else if (type == "http") {
    std::string url = reader.required_string("url");
    auto headers = reader.optional_string_map("headers");
    if (!url.starts_with("http://") && !url.starts_with("https://")) reader.fail("url", "must be an http:// or https:// URL");
    normalized["url"] = url;
    normalized["headers"] = headers.value_or(std::map<std::string, std::string>{});
  } else if (!type.empty()) {
    reader.fail("type", "must be \"stdio\" or \"http\"");
  }
  if (name.empty() && reader.has("name")) reader.fail("name", "must not be empty");
  if (auto error = reader.finish()) return Error::invalid(error->message, error->code);
  return normalized;
}

}  // namespace

const std::vector<AgentType>& agent_types() {
  static const std::vector<AgentType> types{
      {"claude-code", "Claude Code", "anthropic"},
      {"codex", "Codex CLI", "openai"},
      {"gemini", "Gemini CLI", "google"},
      {"opencode", "OpenCode", "anthropic"},
  };
  return types;
}

Result<Json> validate_mcp_servers(const Json& servers) {
  if (!servers.is_array()) return invalid("field \"mcpServers\" must be an array");
  Json normalized = Json::array();
  std::set<std::string> names;
  for (std::size_t i = 0; i < servers.size(); ++i) {
    auto server = validate_mcp_server(servers[i], i);
    if (!server) return server.error();
    std::string name = (*server)["name"];
    if (!names.insert(name).second) return invalid("MCP server name \"" + name + "\" is used twice");
    normalized.push_back(std::move(*server));
  }
  return normalized;
}

Result<> AgentService::apply(store::Agent& agent, const AgentInput& input) {
  if (input.type) {
    bool known = std::any_of(agent_types().begin(), agent_types().end(),
                             [&](const AgentType& t) { return t.type == *input.type; });
    if (!known) {
      return invalid("field \"type\" must be one of: claude-code, codex, gemini, opencode (got \"" + *input.type + "\")");
    }
    agent.type = *input.type;
  }
  if (input.name) {
    auto name = validate_name("name", *input.name);
    if (!name) return name.error();
    agent.name = *name;
  }
  if (input.system_prompt) {
    if (input.system_prompt->size() > 100'000) return invalid("field \"systemPrompt\" must be at most 100000 bytes");
    agent.system_prompt = *input.system_prompt;
  }
  if (input.model) {
    if (input.model->size() > 200) return invalid("field \"model\" must be at most 200 characters");
    agent.model = *input.model;
  }
  if (input.env) {
    for (const auto& [key, value] : *input.env) {
      if (!valid_env_name(key)) return invalid("field \"env." + key + "\" is not a valid environment variable name");
    }
    agent.env_json = Json(*input.env).dump();
  }
  if (input.mcp_servers) {
    auto servers = validate_mcp_servers(*input.mcp_servers);
    if (!servers) return servers.error();
    agent.mcp_servers_json = servers->dump();
  }
  if (input.is_default) agent.is_default = *input.is_default;
  if (input.approval_policy) {
    if (*input.approval_policy != "auto" && *input.approval_policy != "ask") {
      return invalid("field \"approvalPolicy\" must be \"auto\" (the agent's requests are allowed: the sandbox is the "
                     "boundary) or \"ask\" (the user answers each)");
    }
    agent.approval_policy = *input.approval_policy;
  }
  if (input.network_policy) {
    auto policy = read_network_policy(*input.network_policy);
    if (!policy) return policy.error();
    agent.network_policy_json = network_policy_json(*policy).dump();
  }
  return {};
}

Result<store::Agent> AgentService::create(std::string_view project_id, const AgentInput& input) {
  if (!input.type) return invalid("field \"type\" is required");
  if (!input.name) return invalid("field \"name\" is required");
  store::Agent agent;
  agent.id = crypto::uuid_v4();
  agent.project_id = std::string(project_id);
  if (auto applied = apply(agent, input); !applied) return applied.error();
  agent.created_at = agent.updated_at = context_.now_ms();
  // The store makes a project's first agent its default; say so in the event too. (Two first agents
  // created at once can still both announce it; the store keeps one.)
  if (!agent.is_default) {
    auto current_default = context_.store.find_default_agent(project_id);
    if (!current_default && current_default.error().code == store::Error::Code::not_found) agent.is_default = true;
  }
  auto created = context_.store.create_agent(agent, make_event(context_, project_id, "agent.created", wire::render(agent)));
  if (!created) return describe(created.error(), "agent");
  context_.hub.notify();
  return std::move(created).value();
}

Result<std::vector<store::Agent>> AgentService::list(std::string_view project_id) {
  auto agents = context_.store.list_agents(project_id);
  if (!agents) return describe(agents.error(), "agent");
  return std::move(agents).value();
}

Result<store::Agent> AgentService::get(std::string_view project_id, std::string_view id) {
  auto agent = context_.store.find_agent(project_id, id);
  if (!agent) return describe(agent.error(), "agent");
  return std::move(agent).value();
}

Result<store::Agent> AgentService::update(std::string_view project_id, std::string_view id, const AgentInput& input) {
  auto agent = get(project_id, id);
  if (!agent) return agent.error();
  if (agent->is_default && input.is_default == false) {
    return Error::invalid_state(
        "a project always has one default agent; make another agent the default instead of clearing this one",
        "default_agent_required");
  }
  if (auto applied = apply(*agent, input); !applied) return applied.error();
  agent->updated_at = context_.now_ms();
  auto updated = context_.store.update_agent(*agent, make_event(context_, project_id, "agent.updated", wire::render(*agent)));
  if (!updated) return describe(updated.error(), "agent");
  context_.hub.notify();
  return std::move(updated).value();
}

Result<> AgentService::remove(std::string_view project_id, std::string_view id) {
  auto removed = context_.store.delete_agent(project_id, id, make_event(context_, project_id, "agent.deleted", Json{{"id", id}}.dump()));
  if (!removed) return describe(removed.error(), "agent");
  context_.hub.notify();
  return {};
}

}  // namespace octobot::service
