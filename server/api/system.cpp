// Health, metrics and the OpenAPI document: open to anyone, no project.
#include "server/api/routes.hpp"

namespace octobot::api {

void add_system_routes(RouteTable& table) {
  Services& services = table.services();
  // Pre-rendered: health is the floor of the HTTP stack and must stay cheap.
  auto health_body = std::make_shared<const std::string>(Json{{"status", "ok"}, {"version", services.version}}.dump());

  table.open(Method::get, "/api/health", [health_body](Exchange&) -> asio::awaitable<Response> {
    co_return ok(*health_body);
  });
  table.open(Method::get, "/metrics", [&services](Exchange&) -> asio::awaitable<Response> {
    co_return http::text_response(Status::ok, "text/plain; version=0.0.4", services.metrics.render());
  });
  table.open(Method::get, "/api/openapi.json", [&services](Exchange&) -> asio::awaitable<Response> {
    co_return ok(services.openapi_json);
  });
}

}  // namespace octobot::api
