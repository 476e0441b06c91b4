// Health (open), the web UI with its token link (open: the page holds no data; the API it calls
// is authenticated), metrics and the OpenAPI document (authenticated like every other API route).
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

// Shown when the server finds no built UI (see ui_files.hpp).
std::string missing_ui_page(const std::string& version) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Octobot</title>"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
         "<body style=\"font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem\">"
         "<h1>Octobot " + version + "</h1>"
         "<p>The server is running, but it found no web UI: run <code>make build</code> (it builds <code>ui/</code>), "
         "or start the server with <code>--ui-dir</code>. The REST API is described at "
         "<a href=\"/api/openapi.json\">/api/openapi.json</a>.</p></body></html>";
}

// A UI file: gzipped for a client that accepts it; hashed assets are cached for a year, the
// page itself revalidated; no framing by other sites, no sniffing, no referrer.
Response ui_response(const Exchange& exchange, const UiFile& file, bool immutable) {
  const bool gzip = !file.gzipped.empty() &&
                    exchange.request()[http::Field::accept_encoding].find("gzip") != std::string_view::npos;
  Response response = http::text_response(Status::ok, file.content_type, gzip ? file.gzipped : file.content);
  if (gzip) response.set(http::Field::content_encoding, "gzip");
  response.set(http::Field::vary, "Accept-Encoding");
  response.set(http::Field::cache_control, immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Content-Security-Policy",
               "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  return response;
}

}  // namespace

void add_system_routes(RouteTable& table) {
  Services& services = table.services();
  // Pre-rendered: health is the floor of the HTTP stack and must stay cheap.
  auto health_body = std::make_shared<const std::string>(Json{{"status", "ok"}, {"version", services.version}}.dump());
  auto missing_ui = std::make_shared<const std::string>(missing_ui_page(services.version));
  // The app's own pages: "/" and the addresses it keeps in the location bar.
  auto app_page = [&services, missing_ui](Exchange& exchange) -> asio::awaitable<Response> {
    auto token = exchange.query("token");
    if (token && services.authenticator.is_access_token(*token)) co_return login_redirect(*token);
    const UiFile* index = services.ui.find("/index.html");
    if (!index) co_return http::text_response(Status::ok, "text/html; charset=utf-8", *missing_ui);
    co_return ui_response(exchange, *index, false);
  };

  table.open(Method::get, "/api/health", [health_body](Exchange&) -> asio::awaitable<Response> {
    co_return ok(*health_body);
  });
  table.open(Method::get, "/", app_page);
  table.open(Method::get, "/sessions/{sessionId}", app_page);
  // The installable app's files at the top level (a service worker's scope is its own path's).
  for (const char* name : {"/sw.js", "/manifest.webmanifest", "/icon.svg"}) {
    table.open(Method::get, name, [&services, name](Exchange& exchange) -> asio::awaitable<Response> {
      const UiFile* file = services.ui.find(name);
      if (!file) co_return fail(ApiError::not_found(std::string("no such file: ") + name));
      co_return ui_response(exchange, *file, false);
    });
  }
  table.open(Method::get, "/assets/{file}", [&services](Exchange& exchange) -> asio::awaitable<Response> {
    const UiFile* file = services.ui.find("/assets/" + std::string(exchange.param("file")));
    if (!file) co_return fail(ApiError::not_found("no such file: " + std::string(exchange.request().target())));
    co_return ui_response(exchange, *file, true);
  });
  table.user(Method::get, "/metrics", [&services](Exchange&) {
    return http::text_response(Status::ok, "text/plain; version=0.0.4",
                               services.metrics.render() + render_chat_usage(services.chat.usage_totals()));
  });
  table.user(Method::get, "/api/openapi.json", [&services](Exchange&) { return ok(services.openapi_json); });
}

}  // namespace octobot::api
