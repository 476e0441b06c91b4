// server/service/agents: agent fields, MCP server validation and the one
// default agent per project; the domain errors and the events.
#include "server/service/agents.hpp"
#include "tests/unit/server/service/service_fixture.hpp"

#include <nlohmann/json.hpp>

namespace octobot::service::testing {

namespace {

using Json = nlohmann::json;

AgentInput agent_input(const std::string& name, std::optional<bool> is_default = std::nullopt) {
  AgentInput input;
  input.type = "claude-code";
  input.name = name;
  input.is_default = is_default;
  return input;
}

std::string default_of(AgentService& agents, const std::string& project) {
  std::string id;
  for (const store::Agent& agent : must(agents.list(project))) {
    if (agent.is_default) {
      CHECK(id.empty());  // never two
      id = agent.id;
    }
  }
  return id;
}

constexpr std::string_view kMissingId = "00000000-0000-4000-8000-00000000beef";

}  // namespace

TEST_CASE("the known agent types", "[service][agents]") {
  std::vector<std::string> types;
  for (const AgentType& type : agent_types()) types.push_back(type.type);
  CHECK(types == std::vector<std::string>{"claude-code", "codex", "gemini", "opencode"});
}

TEST_CASE_METHOD(ServiceFixture, "an agent is created with its fields and an event", "[service][agents]") {
  AgentService agents(context);
  const std::string project = add_project("P");
  (void)notified();
  const std::int64_t mark = last_event_id();

  AgentInput input = agent_input(" Reviewer ");
  input.type = "codex";
  input.system_prompt = "Review carefully.";
  input.model = "gpt-5";
  input.env = std::map<std::string, std::string>{{"LOG_LEVEL", "debug"}};
  input.mcp_servers = Json::array({{{"name", "files"}, {"type", "stdio"}, {"command", "mcp-files"}}});
  input.network_policy = Json{{"allowHosts", Json::array({"Internal.Example"})}};
  const store::Agent created = must(agents.create(project, input));
  CHECK(Json::parse(created.network_policy_json) ==
        Json{{"allowHosts", Json::array({"internal.example"})}, {"allowCidrs", Json::array()}});
  CHECK(created.name == "Reviewer");
  CHECK(created.type == "codex");
  CHECK(created.system_prompt == "Review carefully.");
  CHECK(created.model == "gpt-5");
  CHECK(Json::parse(created.env_json) == Json{{"LOG_LEVEL", "debug"}});
  // MCP servers are stored normalized: every optional field present.
  CHECK(Json::parse(created.mcp_servers_json) ==
        Json::array({{{"name", "files"}, {"type", "stdio"}, {"command", "mcp-files"}, {"args", Json::array()},
                      {"env", Json::object()}}}));
  CHECK(created.is_default);  // the project's first agent
  CHECK(notified());

  const std::vector<store::Event> events = events_since(project, mark);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "agent.created");
  CHECK(Json::parse(events[0].data_json)["id"] == created.id);
  CHECK(Json::parse(events[0].data_json)["isDefault"] == true);  // the event says what the store decided
  CHECK(must(agents.get(project, created.id)).model == "gpt-5");
}

TEST_CASE_METHOD(ServiceFixture, "agent fields are checked for meaning", "[service][agents]") {
  AgentService agents(context);
  const std::string project = add_project("P");
  const std::int64_t mark = last_event_id();
  auto refused = [&](AgentInput input) { return outcome_detail(agents.create(project, input)); };

  AgentInput no_type = agent_input("a");
  no_type.type.reset();
  CHECK(refused(no_type) == "invalid/invalid_field");
  AgentInput no_name = agent_input("a");
  no_name.name.reset();
  CHECK(refused(no_name) == "invalid/invalid_field");
  AgentInput unknown_type = agent_input("a");
  unknown_type.type = "aider";
  CHECK(refused(unknown_type) == "invalid/invalid_field");
  CHECK(refused(agent_input("")) == "invalid/invalid_field");
  AgentInput long_prompt = agent_input("a");
  long_prompt.system_prompt = std::string(100'001, 'p');
  CHECK(refused(long_prompt) == "invalid/invalid_field");
  AgentInput long_model = agent_input("a");
  long_model.model = std::string(201, 'm');
  CHECK(refused(long_model) == "invalid/invalid_field");
  for (const char* name : {"", "1ST", "WITH-DASH", "SPACE NAME", "A=B"}) {
    AgentInput bad_env = agent_input("a");
    bad_env.env = std::map<std::string, std::string>{{name, "x"}};
    INFO(name);
    CHECK(refused(bad_env) == "invalid/invalid_field");
  }
  AgentInput bad_servers = agent_input("a");
  bad_servers.mcp_servers = Json::object();
  CHECK(refused(bad_servers) == "invalid/invalid_field");
  AgentInput bad_policy = agent_input("a");
  bad_policy.network_policy = Json{{"allowHosts", Json::array({"not a host"})}};
  CHECK(refused(bad_policy) == "invalid/invalid_field");

  CHECK(last_event_id() == mark);
  CHECK(must(agents.list(project)).empty());
}

TEST_CASE("MCP servers: stdio and http, unique names, nothing unknown", "[service][agents][mcp]") {
  auto valid = [](Json servers) { return must(validate_mcp_servers(servers)); };
  auto refused = [](Json servers) { return outcome_detail(validate_mcp_servers(servers)); };

  CHECK(valid(Json::array()).empty());
  const Json http = valid(Json::array({{{"name", "docs"},
                                        {"type", "http"},
                                        {"url", "https://mcp.example.com/"},
                                        {"headers", {{"Authorization", "Bearer x"}}}}}));
  CHECK(http[0] == Json{{"name", "docs"},
                        {"type", "http"},
                        {"url", "https://mcp.example.com/"},
                        {"headers", {{"Authorization", "Bearer x"}}}});
  const Json stdio = valid(Json::array(
      {{{"name", "fs"}, {"type", "stdio"}, {"command", "npx"}, {"args", {"-y", "server"}}, {"env", {{"ROOT", "/"}}}}}));
  CHECK(stdio[0]["args"] == Json::array({"-y", "server"}));
  CHECK(stdio[0]["env"] == Json{{"ROOT", "/"}});

  CHECK(refused(Json::object()) == "invalid/invalid_field");
  CHECK(refused(Json::array({"fs"})) == "invalid/invalid_field");
  CHECK(refused(Json::array({{{"name", "fs"}, {"type", "stdio"}}})) == "invalid/invalid_field");  // no command
  CHECK(refused(Json::array({{{"name", "fs"}, {"type", "stdio"}, {"command", ""}}})) == "invalid/invalid_field");
  CHECK(refused(Json::array({{{"name", ""}, {"type", "stdio"}, {"command", "x"}}})) == "invalid/invalid_field");
  CHECK(refused(Json::array({{{"type", "stdio"}, {"command", "x"}}})) == "invalid/invalid_field");  // no name
  CHECK(refused(Json::array({{{"name", "fs"}, {"type", "sse"}, {"url", "https://x/"}}})) == "invalid/invalid_field");
  CHECK(refused(Json::array({{{"name", "fs"}, {"type", "http"}, {"url", "ftp://x/"}}})) == "invalid/invalid_field");
  CHECK(refused(Json::array({{{"name", "fs"}, {"type", "stdio"}, {"command", "x"}, {"env", {{"9X", "y"}}}}})) ==
        "invalid/invalid_field");
  CHECK(refused(Json::array({{{"name", "fs"}, {"type", "stdio"}, {"command", "x"}, {"args", {1, 2}}}})) ==
        "invalid/invalid_field");
  CHECK(refused(Json::array({{{"name", "fs"}, {"type", "stdio"}, {"command", "x"}, {"cwd", "/"}}})) ==
        "invalid/unknown_field");
  auto twice = validate_mcp_servers(Json::array({{{"name", "fs"}, {"type", "stdio"}, {"command", "x"}},
                                                 {{"name", "fs"}, {"type", "http"}, {"url", "http://y/"}}}));
  CHECK(outcome_detail(twice) == "invalid/invalid_field");
  CHECK(twice.error().message.find("\"fs\"") != std::string::npos);
}

TEST_CASE_METHOD(ServiceFixture, "one default agent per project: first, moved, promoted", "[service][agents]") {
  AgentService agents(context);
  const std::string project = add_project("P");
  const store::Agent first = must(agents.create(project, agent_input("first")));
  const store::Agent second = must(agents.create(project, agent_input("second")));
  CHECK(first.is_default);
  CHECK_FALSE(second.is_default);
  CHECK(default_of(agents, project) == first.id);

  // Creating with isDefault takes the flag.
  const store::Agent third = must(agents.create(project, agent_input("third", true)));
  CHECK(third.is_default);
  CHECK(default_of(agents, project) == third.id);

  // Updating another agent with isDefault moves it.
  CHECK(must(agents.update(project, second.id, agent_input("second", true))).is_default);
  CHECK(default_of(agents, project) == second.id);

  // Clearing the flag on the default is refused and changes nothing.
  const std::int64_t mark = last_event_id();
  AgentInput clear;
  clear.is_default = false;
  CHECK(outcome_detail(agents.update(project, second.id, clear)) == "invalid_state/default_agent_required");
  CHECK(last_event_id() == mark);
  CHECK(default_of(agents, project) == second.id);
  // ... while false on an agent that is not the default is fine.
  CHECK_FALSE(must(agents.update(project, first.id, clear)).is_default);

  // Deleting the default promotes the oldest remaining agent.
  must(agents.remove(project, second.id));
  CHECK(default_of(agents, project) == first.id);
}

TEST_CASE_METHOD(ServiceFixture, "an agent is updated field by field, and deleted", "[service][agents]") {
  AgentService agents(context);
  const std::string project = add_project("P");
  const std::string other_project = add_project("Q");
  AgentInput input = agent_input("a");
  input.model = "claude-sonnet";
  const store::Agent agent = must(agents.create(project, input));
  (void)notified();
  const std::int64_t mark = last_event_id();

  AgentInput patch;
  patch.system_prompt = "Be brief.";
  const store::Agent updated = must(agents.update(project, agent.id, patch));
  CHECK(updated.system_prompt == "Be brief.");
  CHECK(updated.model == "claude-sonnet");  // absent fields keep their value
  CHECK(updated.name == "a");
  CHECK(updated.updated_at > agent.updated_at);
  CHECK(notified());

  AgentInput bad;
  bad.env = std::map<std::string, std::string>{{"BAD-NAME", "x"}};
  CHECK(outcome_detail(agents.update(project, agent.id, bad)) == "invalid/invalid_field");
  CHECK(outcome(agents.update(other_project, agent.id, patch)) == "not_found");
  CHECK(outcome(agents.update(project, kMissingId, patch)) == "not_found");
  CHECK(outcome(agents.get(other_project, agent.id)) == "not_found");
  CHECK(outcome(agents.remove(other_project, agent.id)) == "not_found");

  must(agents.remove(project, agent.id));
  CHECK(notified());
  CHECK(outcome(agents.get(project, agent.id)) == "not_found");
  CHECK(outcome(agents.remove(project, agent.id)) == "not_found");
  CHECK(event_types_since(project, mark) == std::vector<std::string>{"agent.updated", "agent.deleted"});
}

}  // namespace octobot::service::testing
