// Health (open), the start page with its token link (open), metrics and the
// OpenAPI document (authenticated like every other API route).
#include "server/api/routes.hpp"

namespace octobot::api {

namespace {

// Opening the printed URL "/?token=…" logs the browser in: the token moves
// into an HttpOnly, SameSite=Strict cookie and out of the address bar.
Response login_redirect(const std::string& token) {
  Response response{Status::see_other, 11};
  response.set(http::Field::location, "/");
  response.set(http::Field::set_cookie, "octobot_token=" + token + "; Path=/; HttpOnly; SameSite=Strict");
  response.prepare_payload();
  return response;
}

std::string start_page(const std::string& version) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Octobot</title>"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
         "<body style=\"font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem\">"
         "<h1>Octobot " + version + "</h1>"
         "<p>The server is running. The web interface is not part of this build yet; the REST API is described "
         "at <a href=\"/api/openapi.json\">/api/openapi.json</a>.</p></body></html>";
}

}  // namespace

void add_system_routes(RouteTable& table) {
  Services& services = table.services();
  // Pre-rendered: health is the floor of the HTTP stack and must stay cheap.
  auto health_body = std::make_shared<const std::string>(Json{{"status", "ok"}, {"version", services.version}}.dump());
  auto page = std::make_shared<const std::string>(start_page(services.version));

  table.open(Method::get, "/api/health", [health_body](Exchange&) -> asio::awaitable<Response> {
    co_return ok(*health_body);
  });
  table.open(Method::get, "/", [&services, page](Exchange& exchange) -> asio::awaitable<Response> {
    auto token = exchange.query("token");
    if (token && services.authenticator.is_access_token(*token)) co_return login_redirect(*token);
    co_return http::text_response(Status::ok, "text/html; charset=utf-8", *page);
  });
  table.user(Method::get, "/metrics", [&services](Exchange&) {
    return http::text_response(Status::ok, "text/plain; version=0.0.4",
                               services.metrics.render() + render_chat_usage(services.chat.usage_totals()));
  });
  table.user(Method::get, "/api/openapi.json", [&services](Exchange&) { return ok(services.openapi_json); });
}

}  // namespace octobot::api
