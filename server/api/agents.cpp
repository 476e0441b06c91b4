// /api/projects/{projectId}/agents[/types|/{agentId}].
#include "server/service/wire.hpp"
#include "server/api/routes.hpp"

namespace octobot::api {

namespace {

// The body of a create, or of an update (AgentUpdate: no "type", at least one field).
http::Result<service::AgentInput> read_agent_input(const Exchange& exchange, bool creating) {
  auto body = read_body(exchange);
  if (!body) return body.error();
  json::ObjectReader reader(*body);
  service::AgentInput input;
  if (creating) input.type = reader.optional_string("type");
  input.name = reader.optional_string("name");
  input.system_prompt = reader.optional_string("systemPrompt");
  input.model = reader.optional_string("model");
  input.env = reader.optional_string_map("env");
  input.mcp_servers = reader.optional_array("mcpServers");
  input.is_default = reader.optional_bool("isDefault");
  input.network_policy = reader.optional_object("networkPolicy");
  input.approval_policy = reader.optional_string("approvalPolicy");
  if (auto error = reader.finish()) return to_api_error(*error);
  if (!creating && body->empty()) return ApiError::bad_request("the body must contain at least one field to change");
  return input;
}

Json types_json() {
  Json items = Json::array();
  for (const auto& type : service::agent_types()) {
    items.push_back({{"type", type.type}, {"name", type.name}, {"defaultProvider", type.default_provider}});
  }
  return Json{{"items", items}};
}

}  // namespace

void add_agent_routes(RouteTable& table) {
  auto& agents = table.services().agents;
  const std::string base = "/api/projects/{projectId}/agents";
  const std::string item = base + "/{agentId}";

  table.project(Method::get, base + "/types", [](Exchange&) { return ok(types_json().dump()); });
  table.project(Method::get, base, [&agents](Exchange& ex) {
    auto list = agents.list(project_id(ex));
    return list ? ok(wire::render_items(*list)) : fail(list.error());
  });
  table.project(Method::post, base, [&agents](Exchange& ex) {
    auto input = read_agent_input(ex, true);
    if (!input) return fail(input.error());
    auto agent = agents.create(project_id(ex), *input);
    return agent ? created(wire::render(*agent)) : fail(agent.error());
  }, 256 * 1024);
  table.project(Method::get, item, [&agents](Exchange& ex) {
    auto id = id_param(ex, "agentId");
    if (!id) return fail(id.error());
    auto agent = agents.get(project_id(ex), *id);
    return agent ? ok(wire::render(*agent)) : fail(agent.error());
  });
  table.project(Method::patch, item, [&agents](Exchange& ex) {
    auto id = id_param(ex, "agentId");
    if (!id) return fail(id.error());
    auto input = read_agent_input(ex, false);
    if (!input) return fail(input.error());
    auto agent = agents.update(project_id(ex), *id, *input);
    return agent ? ok(wire::render(*agent)) : fail(agent.error());
  }, 256 * 1024);
  table.project(Method::delete_, item, [&agents](Exchange& ex) {
    auto id = id_param(ex, "agentId");
    if (!id) return fail(id.error());
    auto removed = agents.remove(project_id(ex), *id);
    return removed ? no_content() : fail(removed.error());
  });
}

}  // namespace octobot::api
