// /api/projects and /api/projects/{projectId}.
#include "server/service/wire.hpp"
#include "server/api/routes.hpp"

namespace octobot::api {

namespace {

http::Result<std::string> read_name(const Exchange& exchange) {
  auto body = read_body(exchange);
  if (!body) return body.error();
  json::ObjectReader reader(*body);
  std::string name = reader.required_string("name");
  if (auto error = reader.finish()) return to_api_error(*error);
  return name;
}

bool can_administer(const Exchange& exchange) {
  return caller_role(exchange) == "owner" || caller_role(exchange) == "admin";
}

}  // namespace

void add_project_routes(RouteTable& table) {
  auto& projects = table.services().projects;
  table.user(Method::get, "/api/projects", [&projects](Exchange& ex) {
    auto list = projects.list(caller_id(ex));
    return list ? ok(wire::render_items(*list)) : fail(list.error());
  });
  table.user(Method::post, "/api/projects", [&projects](Exchange& ex) {
    auto name = read_name(ex);
    if (!name) return fail(name.error());
    auto project = projects.create(caller_id(ex), *name);
    return project ? created(wire::render(*project)) : fail(project.error());
  });
  table.project(Method::get, "/api/projects/{projectId}", [&projects](Exchange& ex) {
    auto project = projects.get(project_id(ex));
    return project ? ok(wire::render(*project)) : fail(project.error());
  });
  table.project(Method::patch, "/api/projects/{projectId}", [&projects](Exchange& ex) {
    if (!can_administer(ex)) return fail(ApiError::forbidden("only an owner or admin can change the project"));
    auto body = read_body(ex);
    if (!body) return fail(body.error());
    json::ObjectReader reader(*body);
    auto name = reader.optional_string("name");
    auto policy = reader.optional_object("networkPolicy");
    if (auto error = reader.finish()) return fail(*error);
    if (!name && !policy) return fail(ApiError::bad_request("give \"name\" or \"networkPolicy\" to change", "invalid_field"));
    auto project = projects.update(project_id(ex), name, policy);
    return project ? ok(wire::render(*project)) : fail(project.error());
  });
  table.project(Method::delete_, "/api/projects/{projectId}", [&projects](Exchange& ex) {
    if (caller_role(ex) != "owner") return fail(ApiError::forbidden("only an owner can delete the project"));
    auto removed = projects.remove(project_id(ex));
    return removed ? no_content() : fail(removed.error());
  });
}

}  // namespace octobot::api
