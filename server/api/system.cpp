// Health, metrics and the OpenAPI document: open to anyone, no project.
#include "server/api/routes.hpp"

namespace octobot::api {

void add_system_routes(RouteTable& table) {
  Services& services = table.services();
  // Pre-rendered: health is the floor of the HTTP stack and must stay cheap.
  auto health_body = std::make_shared<const std::string>(Json{{"status", "ok"}, {"version", services.version}}.dump());

  table.open(Method::get, "/api/health", [health_body](Exchange&) -> asio::awaitable<Response> {
    Response response{Status::ok, 11};
    response.set(http::Field::content_type, "application/json");
    response.body() = *health_body;
    response.prepare_payload();
    co_return response;
  });
  table.open(Method::get, "/metrics", [&services](Exchange&) -> asio::awaitable<Response> {
    Response response{Status::ok, 11};
    response.set(http::Field::content_type, "text/plain; version=0.0.4");
    response.body() = services.metrics.render();
    response.prepare_payload();
    co_return response;
  });
  table.open(Method::get, "/api/openapi.json", [&services](Exchange&) -> asio::awaitable<Response> {
    Response response{Status::ok, 11};
    response.set(http::Field::content_type, "application/json");
    response.body() = services.openapi_json;
    response.prepare_payload();
    co_return response;
  });
}

}  // namespace octobot::api
