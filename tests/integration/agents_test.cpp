// /api/projects/{projectId}/agents[/types|/{agentId}]: configurations and the one default.
#include "tests/integration/bad_bodies.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

using namespace octobot::testing;

namespace {

const std::string kAgents = "/api/projects/local/agents";
const std::string kCollection = "/api/projects/{projectId}/agents";
const std::string kItem = "/api/projects/{projectId}/agents/{agentId}";
const std::string kUnknownId = "7d2b3c4e-5f60-4718-9a2b-3c4d5e6f7081";

std::string item_of(const Json& agent) { return kAgents + "/" + agent["id"].get<std::string>(); }

// The ids of the agents flagged default.
std::vector<std::string> defaults(ServerFixture& server) {
  std::vector<std::string> ids;
  for (const auto& agent : server.items(kAgents)) {
    if (agent["isDefault"] == true) ids.push_back(agent["id"]);
  }
  return ids;
}

Json stdio_server(const std::string& name) {
  return {{"name", name}, {"type", "stdio"}, {"command", "npx"}, {"args", {"-y", "server"}}, {"env", {{"TOKEN", "t"}}}};
}

}  // namespace

TEST_CASE_METHOD(ServerFixture, "agents: types", "[agents]") {
  auto types = call(Method::get, kAgents + "/types");
  expect_documented(types, "get", "/api/projects/{projectId}/agents/types");
  REQUIRE(types.status == 200);
  std::vector<std::string> names;
  for (const auto& type : types.body["items"]) names.push_back(type["type"]);
  CHECK(names == std::vector<std::string>{"claude-code", "codex", "gemini", "opencode"});
}

TEST_CASE_METHOD(ServerFixture, "agents: create, get, update, list", "[agents]") {
  const Json servers = Json::array(
      {stdio_server("files"),
       {{"name", "web"}, {"type", "http"}, {"url", "https://mcp.example.com/"}, {"headers", {{"X-Key", "v"}}}}});
  auto created = call(Method::post, kAgents,
                      {{"type", "codex"},
                       {"name", "Reviewer"},
                       {"systemPrompt", "Be terse."},
                       {"model", "o3"},
                       {"env", {{"LOG_LEVEL", "debug"}}},
                       {"mcpServers", servers},
                       {"isDefault", false}});
  expect_documented(created, "post", kCollection);
  REQUIRE(created.status == 201);
  CHECK(created.body["type"] == "codex");
  CHECK(created.body["systemPrompt"] == "Be terse.");
  CHECK(created.body["model"] == "o3");
  CHECK(created.body["env"] == Json{{"LOG_LEVEL", "debug"}});
  CHECK(created.body["mcpServers"][0]["command"] == "npx");
  CHECK(created.body["mcpServers"][1]["url"] == "https://mcp.example.com/");
  CHECK(created.body["isDefault"] == true);  // the first agent is the default whatever it asked

  auto got = call(Method::get, item_of(created.body));
  expect_documented(got, "get", kItem);
  CHECK(got.body == created.body);

  auto updated = call(Method::patch, item_of(created.body),
                      {{"name", "Renamed"}, {"model", ""}, {"env", Json::object()}, {"mcpServers", Json::array()}});
  expect_documented(updated, "patch", kItem);
  REQUIRE(updated.status == 200);
  CHECK(updated.body["name"] == "Renamed");
  CHECK(updated.body["model"] == "");
  CHECK(updated.body["systemPrompt"] == "Be terse.");  // absent fields keep their value
  CHECK(updated.body["env"] == Json::object());
  CHECK(updated.body["mcpServers"] == Json::array());
  CHECK(updated.body["isDefault"] == true);

  auto list = call(Method::get, kAgents);
  expect_documented(list, "get", kCollection);
  REQUIRE(list.body["items"].size() == 1);
  CHECK(list.body["items"][0] == updated.body);
}

TEST_CASE_METHOD(ServerFixture, "agents: exactly one default", "[agents]") {
  auto first = create_agent("local", "first");
  CHECK(first["isDefault"] == true);
  auto second = create_agent("local", "second");
  CHECK(second["isDefault"] == false);
  CHECK(defaults(*this) == std::vector<std::string>{first["id"]});

  auto third = create_agent("local", "third", {{"isDefault", true}});
  CHECK(third["isDefault"] == true);
  CHECK(defaults(*this) == std::vector<std::string>{third["id"]});

  auto promoted = call(Method::patch, item_of(second), {{"isDefault", true}});
  REQUIRE(promoted.status == 200);
  CHECK(promoted.body["isDefault"] == true);
  CHECK(defaults(*this) == std::vector<std::string>{second["id"]});

  // Clearing the flag on a non-default agent is a no-op.
  CHECK(call(Method::patch, item_of(first), {{"isDefault", false}}).status == 200);
  CHECK(defaults(*this) == std::vector<std::string>{second["id"]});
}

TEST_CASE_METHOD(ServerFixture, "agents: the default cannot be cleared", "[agents][conflict]") {
  auto first = create_agent("local", "first");
  create_agent("local", "second");
  expect_no_change("local", [&] {
    auto refused = call(Method::patch, item_of(first), {{"isDefault", false}});
    expect_documented(refused, "patch", kItem);
    expect_error(refused, 422, "default_agent_required");
    // Nothing else in that request was applied either.
    expect_error(call(Method::patch, item_of(first), {{"name", "changed"}, {"isDefault", false}}), 422,
                 "default_agent_required");
  });
  CHECK(defaults(*this) == std::vector<std::string>{first["id"]});
  CHECK(call(Method::get, item_of(first)).body["name"] == "first");
}

TEST_CASE_METHOD(ServerFixture, "agents: deleting the default promotes the oldest other", "[agents]") {
  auto first = create_agent("local", "first");
  std::vector<Json> others;
  for (int i = 0; i < 4; ++i) others.push_back(create_agent("local", "other " + std::to_string(i)));
  auto removed = call(Method::delete_, item_of(first));
  expect_documented(removed, "delete", kItem);
  CHECK(removed.status == 204);
  expect_error(call(Method::get, item_of(first)), 404, "not_found");

  // The oldest remaining one (agents made in the same millisecond are equally old).
  auto promoted = defaults(*this);
  REQUIRE(promoted.size() == 1);
  std::string oldest = others[0]["createdAt"];
  for (const auto& agent : others) oldest = std::min(oldest, agent["createdAt"].get<std::string>());
  auto it = std::find_if(others.begin(), others.end(), [&](const Json& a) { return a["id"] == promoted[0]; });
  REQUIRE(it != others.end());
  CHECK((*it)["createdAt"] == oldest);

  for (const auto& agent : others) {  // deleting non-defaults changes nothing
    if (agent["id"] == promoted[0]) continue;
    REQUIRE(call(Method::delete_, item_of(agent)).status == 204);
    CHECK(defaults(*this) == promoted);
  }
  REQUIRE(call(Method::delete_, kAgents + "/" + promoted[0]).status == 204);
  CHECK(items(kAgents).empty());
  CHECK(create_agent("local", "fresh")["isDefault"] == true);
}

TEST_CASE_METHOD(ServerFixture, "agents: sessions keep working when their agent is deleted", "[agents]") {
  auto workspace = create_workspace("local", "app");
  auto agent = create_agent("local", "helper");
  auto session = create_session("local", workspace["id"], "chat");
  REQUIRE(session["agentId"] == agent["id"]);
  REQUIRE(call(Method::delete_, item_of(agent)).status == 204);
  auto after = call(Method::get, "/api/projects/local/sessions/" + session["id"].get<std::string>());
  REQUIRE(after.status == 200);
  CHECK(after.body["agentId"].is_null());
}

TEST_CASE_METHOD(ServerFixture, "agents: bad bodies", "[agents][bad-input]") {
  const Json valid = {{"type", "claude-code"}, {"name", "x"},         {"systemPrompt", "p"},
                      {"model", "m"},          {"env", {{"A", "b"}}}, {"mcpServers", Json::array()},
                      {"isDefault", true}};
  auto agent = create_agent("local", "kept");
  expect_no_change("local", [&] {
    expect_bad_bodies_rejected(*this, Method::post, kAgents, valid, {"type", "name"});
    Json update = valid;
    update.erase("type");
    expect_bad_bodies_rejected(*this, Method::patch, item_of(agent), update, {});
    expect_error(call(Method::post, kAgents, {{"type", "gpt-pilot"}, {"name", "x"}}), 400, "invalid_field");
    expect_error(call(Method::post, kAgents, {{"type", "codex"}, {"name", ""}}), 400, "invalid_field");
    expect_error(call(Method::post, kAgents, {{"type", "codex"}, {"name", "x"}, {"model", std::string(201, 'm')}}), 400,
                 "invalid_field");
    expect_error(call(Method::post, kAgents, {{"type", "codex"}, {"name", "x"}, {"env", {{"A", 1}}}}), 400,
                 "invalid_field");
    // The type of an agent is fixed (AgentUpdate has no "type"), and an update changes something.
    expect_error(call(Method::patch, item_of(agent), {{"type", "codex"}}), 400, "unknown_field");
    auto empty = call(Method::patch, item_of(agent), Json::object());
    expect_documented(empty, "patch", kItem);
    CHECK(empty.status == 400);
  });
}

TEST_CASE_METHOD(ServerFixture, "agents: env names are validated", "[agents][bad-input]") {
  auto agent = create_agent("local", "kept");
  expect_no_change("local", [&] {
    for (const std::string& name :
         std::vector<std::string>{"1ABC", "BAD-NAME", "", "WITH SPACE", "A=B", std::string(129, 'A')}) {
      INFO("env name \"" << name << "\"");
      auto created = call(Method::post, kAgents, {{"type", "codex"}, {"name", "x"}, {"env", {{name, "v"}}}});
      expect_documented(created, "post", kCollection);
      expect_error(created, 400, "invalid_field");
      expect_error(call(Method::patch, item_of(agent), {{"env", {{name, "v"}}}}), 400, "invalid_field");
    }
  });
  CHECK(create_agent("local", "ok", {{"env", {{"_UNDER_score9", "v"}}}})["env"] == Json{{"_UNDER_score9", "v"}});
}

TEST_CASE_METHOD(ServerFixture, "agents: MCP servers are validated", "[agents][bad-input]") {
  auto agent = create_agent("local", "kept");
  Json unknown_field = stdio_server("a");
  unknown_field["extra"] = true;
  Json stdio_without_command = stdio_server("a");
  stdio_without_command.erase("command");
  Json stdio_empty_command = stdio_server("a");
  stdio_empty_command["command"] = "";
  Json stdio_with_url = stdio_server("a");
  stdio_with_url["url"] = "https://x";
  const std::vector<std::pair<std::string, Json>> cases = {
      {"stdio without command", Json::array({stdio_without_command})},
      {"stdio with an empty command", Json::array({stdio_empty_command})},
      {"http with a non-http url", Json::array({{{"name", "w"}, {"type", "http"}, {"url", "ftp://x"}}})},
      {"http without url", Json::array({{{"name", "w"}, {"type", "http"}}})},
      {"unknown field", Json::array({unknown_field})},
      {"a url on a stdio server", Json::array({stdio_with_url})},
      {"duplicate names", Json::array({stdio_server("same"), stdio_server("same")})},
      {"unknown type", Json::array({{{"name", "w"}, {"type", "grpc"}}})},
      {"missing type", Json::array({{{"name", "w"}, {"command", "x"}}})},
      {"missing name", Json::array({{{"type", "stdio"}, {"command", "x"}}})},
      {"empty name", Json::array({{{"name", ""}, {"type", "stdio"}, {"command", "x"}}})},
      {"not an object", Json::array({"stdio"})},
      {"args not strings", Json::array({{{"name", "w"}, {"type", "stdio"}, {"command", "x"}, {"args", {1}}}})},
      {"bad env name", Json::array({{{"name", "w"}, {"type", "stdio"}, {"command", "x"}, {"env", {{"1X", "v"}}}}})},
  };
  expect_no_change("local", [&] {
    for (const auto& [what, servers] : cases) {
      INFO(what << ": " << servers.dump());
      auto created = call(Method::post, kAgents, {{"type", "claude-code"}, {"name", "x"}, {"mcpServers", servers}});
      expect_documented(created, "post", kCollection);
      CHECK(created.status == 400);
      const std::string message = created.body["error"].value("message", "");
      CHECK((message.find("mcpServers") != std::string::npos || message.find("MCP server") != std::string::npos));
      CHECK(call(Method::patch, item_of(agent), {{"mcpServers", servers}}).status == 400);
    }
  });
}

TEST_CASE_METHOD(ServerFixture, "agents: bad and unknown ids", "[agents][bad-input]") {
  for (auto method : {Method::get, Method::delete_}) {
    expect_error(call(method, kAgents + "/not-a-uuid"), 400, "invalid_id");
    expect_error(call(method, kAgents + "/" + kUnknownId), 404, "not_found");
  }
  expect_error(call(Method::patch, kAgents + "/not-a-uuid", {{"name", "x"}}), 400, "invalid_id");
  expect_error(call(Method::patch, kAgents + "/" + kUnknownId, {{"name", "x"}}), 404, "not_found");
}
