// Sessions (per workspace and per project) and their messages.
#include "server/service/wire.hpp"
#include "server/api/routes.hpp"

#include <charconv>

namespace octobot::api {

namespace {

constexpr std::size_t kMaxPageSize = 200;

http::Result<store::PageRequest> read_page(const Exchange& exchange) {
  store::PageRequest page;
  if (auto limit = exchange.query("limit")) {
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (ec != std::errc() || end != limit->data() + limit->size() || value < 1 || value > kMaxPageSize) {
      return ApiError::bad_request("query parameter \"limit\" must be an integer from 1 to 200", "invalid_query");
    }
    page.limit = value;
  }
  page.cursor = exchange.query("cursor").value_or("");
  return page;
}

Response page_response(const service::Result<store::Page<store::Session>>& page) {
  if (!page) return fail(page.error());
  proto::JsonWriter out;
  out.reserve(page->items.size() * 400 + 64);
  out.begin_object().key("items").begin_array();
  for (const auto& session : page->items) proto::write(out, wire::to_wire(session));
  out.end_array().key("nextCursor").string_or_null(page->next_cursor).end_object();
  return ok(out.take());
}

Response list_sessions(service::SessionService& sessions, Exchange& ex, std::string_view workspace_id) {
  auto page = read_page(ex);
  if (!page) return fail(page.error());
  return page_response(sessions.list(project_id(ex), workspace_id, *page));
}

}  // namespace

void add_session_routes(RouteTable& table) {
  auto& sessions = table.services().sessions;
  const std::string in_workspace = "/api/projects/{projectId}/workspaces/{workspaceId}/sessions";
  const std::string base = "/api/projects/{projectId}/sessions";
  const std::string item = base + "/{sessionId}";

  table.project(Method::post, in_workspace, [&sessions](Exchange& ex) {
    auto workspace_id = id_param(ex, "workspaceId");
    if (!workspace_id) return fail(workspace_id.error());
    auto body = read_body(ex);
    if (!body) return fail(body.error());
    json::ObjectReader reader(*body);
    auto given_name = reader.optional_string("name");  // none: the first chat message names the session
    if (given_name && given_name->find_first_not_of(" \t\r\n") == std::string::npos) reader.fail("name", "must not be empty");
    std::string name = given_name.value_or("");
    auto agent_id = reader.optional_string("agentId");
    if (reader.has("status")) reader.fail("status", "is managed by the server and cannot be set");
    if (auto error = reader.finish()) return fail(*error);
    auto session = sessions.create(project_id(ex), *workspace_id, name, agent_id);
    return session ? created(wire::render(*session)) : fail(session.error());
  });
  table.project(Method::get, in_workspace, [&sessions](Exchange& ex) {
    auto workspace_id = id_param(ex, "workspaceId");
    if (!workspace_id) return fail(workspace_id.error());
    return list_sessions(sessions, ex, *workspace_id);
  });
  table.project(Method::get, base, [&sessions](Exchange& ex) { return list_sessions(sessions, ex, ""); });
  table.project(Method::get, item, [&sessions](Exchange& ex) {
    auto id = id_param(ex, "sessionId");
    if (!id) return fail(id.error());
    auto session = sessions.get(project_id(ex), *id);
    return session ? ok(wire::render(*session)) : fail(session.error());
  });
  table.project(Method::patch, item, [&sessions](Exchange& ex) {
    auto id = id_param(ex, "sessionId");
    if (!id) return fail(id.error());
    auto body = read_body(ex);
    if (!body) return fail(body.error());
    json::ObjectReader reader(*body);
    if (reader.has("status")) reader.fail("status", "is managed by the server and cannot be changed by clients");
    std::string name = reader.required_string("name");
    if (auto error = reader.finish()) return fail(*error);
    auto session = sessions.rename(project_id(ex), *id, name);
    return session ? ok(wire::render(*session)) : fail(session.error());
  });
  // Requests the server takes and carries out in the background: 202 with the session as it was then.
  using Action = service::Result<store::Session> (service::SessionService::*)(std::string_view, std::string_view);
  auto accept = [&](Method method, const std::string& pattern, Action action) {
    table.project(method, pattern, [&sessions, action](Exchange& ex) {
      auto id = id_param(ex, "sessionId");
      if (!id) return fail(id.error());
      auto session = (sessions.*action)(project_id(ex), *id);
      return session ? accepted(wire::render(*session)) : fail(session.error());
    });
  };
  accept(Method::delete_, item, &service::SessionService::remove);
  accept(Method::post, item + "/stop", &service::SessionService::stop);
  accept(Method::post, item + "/start", &service::SessionService::start);
  table.project(Method::get, item + "/messages", [&sessions](Exchange& ex) {
    auto id = id_param(ex, "sessionId");
    if (!id) return fail(id.error());
    auto messages = sessions.messages(project_id(ex), *id);
    return messages ? ok(wire::render_items(*messages)) : fail(messages.error());
  });
}

}  // namespace octobot::api
