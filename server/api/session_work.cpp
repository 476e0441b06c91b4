// A session's work taken further:
// - POST /api/projects/{projectId}/sessions/{sessionId}/apply with {"pullRequest"?: {"title"?,
//   "body"?}} (service/session_apply.hpp): 200 with the outcome; a merge conflict with the user's
//   moved HEAD is 409 {"error": {"code": "apply_conflict", "message", "files": [...]}}, so a
//   client can name the files.
// - POST …/sessions/{sessionId}/fork with {"turn": n} (service/session_fork.hpp): 201 with the new
//   session.
#include "server/api/routes.hpp"

namespace octobot::api {

void add_session_work_routes(RouteTable& table) {
  Services& services = table.services();
  table.project_stream(Method::post, "/api/projects/{projectId}/sessions/{sessionId}/apply",
                       [&services](Exchange& exchange) -> asio::awaitable<Response> {
    auto id = id_param(exchange, "sessionId");
    if (!id) co_return fail(id.error());
    Json body = Json::object();
    if (!exchange.request().body().empty()) {
      auto parsed = read_body(exchange);
      if (!parsed) co_return fail(parsed.error());
      body = std::move(*parsed);
    }
    auto input = service::read_apply_input(body);
    if (!input) co_return fail(input.error());
    auto outcome = co_await services.apply.apply(project_id(exchange), *id, std::move(*input));
    if (!outcome) co_return fail(outcome.error());
    if (outcome->conflict) {
      Json error{{"error", {{"code", "apply_conflict"}, {"message", *outcome->conflict}, {"files", outcome->result["files"]}}}};
      co_return http::json_response(Status::conflict, error);
    }
    co_return ok(outcome->result.dump());
  }, 256 * 1024);

  table.project_stream(Method::post, "/api/projects/{projectId}/sessions/{sessionId}/fork",
                       [&services](Exchange& exchange) -> asio::awaitable<Response> {
    auto id = id_param(exchange, "sessionId");
    if (!id) co_return fail(id.error());
    auto body = read_body(exchange);
    if (!body) co_return fail(body.error());
    json::ObjectReader reader(*body);
    const auto turn = reader.optional_int("turn");
    if (!turn) reader.fail("turn", "is required: the turn number to fork at");
    if (auto error = reader.finish()) co_return fail(*error);
    auto forked = co_await services.fork.fork(project_id(exchange), *id, *turn);
    if (!forked) co_return fail(forked.error());
    co_return created(forked->dump());
  }, 64 * 1024);
}

}  // namespace octobot::api
