// /api/projects/{projectId}/workspaces[/{workspaceId}].
#include "server/service/wire.hpp"
#include "server/api/routes.hpp"

namespace octobot::api {

namespace {

http::Result<service::NewWorkspace> read_new_workspace(const Exchange& exchange) {
  auto body = read_body(exchange);
  if (!body) return body.error();
  json::ObjectReader reader(*body);
  service::NewWorkspace input;
  input.path = reader.required_string("path");
  input.source_type = reader.required_string("sourceType");
  input.display_name = reader.optional_string("displayName");
  if (auto error = reader.finish()) return to_api_error(*error);
  return input;
}

}  // namespace

void add_workspace_routes(RouteTable& table) {
  auto& workspaces = table.services().workspaces;
  const std::string base = "/api/projects/{projectId}/workspaces";
  const std::string item = base + "/{workspaceId}";

  table.project(Method::get, base, [&workspaces](Exchange& ex) {
    auto list = workspaces.list(project_id(ex));
    return list ? ok(wire::render_items(*list)) : fail(list.error());
  });
  table.project(Method::post, base, [&workspaces](Exchange& ex) {
    auto input = read_new_workspace(ex);
    if (!input) return fail(input.error());
    auto workspace = workspaces.create(project_id(ex), *input);
    return workspace ? created(wire::render(*workspace)) : fail(workspace.error());
  });
  table.project(Method::get, item, [&workspaces](Exchange& ex) {
    auto id = id_param(ex, "workspaceId");
    if (!id) return fail(id.error());
    auto workspace = workspaces.get(project_id(ex), *id);
    return workspace ? ok(wire::render(*workspace)) : fail(workspace.error());
  });
  table.project(Method::patch, item, [&workspaces](Exchange& ex) {
    auto id = id_param(ex, "workspaceId");
    if (!id) return fail(id.error());
    auto body = read_body(ex);
    if (!body) return fail(body.error());
    json::ObjectReader reader(*body);
    std::string display_name = reader.required_string("displayName");
    if (auto error = reader.finish()) return fail(*error);
    auto workspace = workspaces.rename(project_id(ex), *id, display_name);
    return workspace ? ok(wire::render(*workspace)) : fail(workspace.error());
  });
  table.project(Method::delete_, item, [&workspaces](Exchange& ex) {
    auto id = id_param(ex, "workspaceId");
    if (!id) return fail(id.error());
    auto removed = workspaces.remove(project_id(ex), *id);
    return removed ? no_content() : fail(removed.error());
  });
}

}  // namespace octobot::api
