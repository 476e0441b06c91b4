// A session's workspace files: /api/projects/{projectId}/sessions/{sessionId}/files,
// …/files/content (GET, PUT) and …/diff (?stat=1, ?path=), passed to the session's agent API after the project check
// (service/session_files.hpp; a stopped session is started first). The agent API's answer,
// status and JSON body, goes back as it is.
#include "server/api/routes.hpp"

namespace octobot::api {

namespace {

// The agent API allows 10 MiB files, base64 in JSON when binary.
constexpr std::size_t kFileBodyLimit = 15 * 1024 * 1024;

Response relayed(const service::Result<runtime::AgentApiReply>& reply) {
  if (!reply) return fail(reply.error());
  return http::json_response(static_cast<Status>(reply->status), reply->body);
}

}  // namespace

void add_file_routes(RouteTable& table) {
  Services& services = table.services();
  const std::string files = "/api/projects/{projectId}/sessions/{sessionId}/files";

  table.project_stream(Method::get, files, [&services](Exchange& exchange) -> asio::awaitable<Response> {
    auto id = id_param(exchange, "sessionId");
    if (!id) co_return fail(id.error());
    co_return relayed(co_await services.files.list(project_id(exchange), *id, exchange.query("path").value_or("")));
  });

  table.project_stream(Method::get, files + "/content", [&services](Exchange& exchange) -> asio::awaitable<Response> {
    auto id = id_param(exchange, "sessionId");
    if (!id) co_return fail(id.error());
    co_return relayed(co_await services.files.read(project_id(exchange), *id, exchange.query("path").value_or("")));
  });

  table.project_stream(Method::get, "/api/projects/{projectId}/sessions/{sessionId}/diff",
                       [&services](Exchange& exchange) -> asio::awaitable<Response> {
    auto id = id_param(exchange, "sessionId");
    if (!id) co_return fail(id.error());
    const bool stat_only = exchange.query("stat").value_or("") == "1";
    co_return relayed(co_await services.files.diff(project_id(exchange), *id, stat_only, exchange.query("path").value_or("")));
  });

  table.project_stream(Method::get, "/api/projects/{projectId}/sessions/{sessionId}/turns",
                       [&services](Exchange& exchange) -> asio::awaitable<Response> {
    auto id = id_param(exchange, "sessionId");
    if (!id) co_return fail(id.error());
    co_return relayed(co_await services.files.turns(project_id(exchange), *id));
  });

  table.project_stream(Method::put, files + "/content", [&services](Exchange& exchange) -> asio::awaitable<Response> {
    auto id = id_param(exchange, "sessionId");
    if (!id) co_return fail(id.error());
    auto body = read_body(exchange);
    if (!body) co_return fail(body.error());
    co_return relayed(co_await services.files.write(project_id(exchange), *id, std::move(*body)));
  }, kFileBodyLimit);
}

}  // namespace octobot::api
