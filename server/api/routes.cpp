#include "server/api/routes.hpp"

namespace octobot::api {

namespace {

constexpr std::string_view kCaller = "caller";
constexpr std::string_view kProject = "projectId";
constexpr std::string_view kRole = "role";

http::Handler from_sync(Services& services, SyncHandler handler) {
  return [&services, handler = std::move(handler)](Exchange& exchange) -> asio::awaitable<Response> {
    co_return co_await off_io(services, [&] { return handler(exchange); });
  };
}

// "local" or a UUID (lowercased).
service::Result<std::string> normalize_project_id(std::string_view id) {
  if (id == service::kLocalProjectId) return std::string(id);
  return service::validate_id("projectId", id);
}

const std::string& local(const Exchange& exchange, std::string_view key) {
  static const std::string empty;
  const std::string* value = exchange.get<std::string>(key);
  return value ? *value : empty;
}

// GET, HEAD and DELETE requests have no body here.
std::size_t body_limit_for(Method method, std::size_t body_limit) {
  return method == Method::get || method == Method::head || method == Method::delete_ ? 0 : body_limit;
}

}  // namespace

RouteTable::RouteTable(http::Router& router, Services& services) : router_(router), services_(services) {
  guard_ = [&services](Exchange& exchange) -> asio::awaitable<std::optional<Response>> {
    if (auto refused = services.cross_site.check(exchange.request())) co_return fail(*refused);
    if (http::has_body(exchange.request())) {
      if (auto wrong_type = http::check_json_content_type(exchange.request())) co_return fail(*wrong_type);
    }
    co_return std::nullopt;
  };
  // The middleware outlives this table (it lives in the router): capture the services only.
  authenticate_ = [&services](Exchange& exchange) -> asio::awaitable<std::optional<Response>> {
    auto principal = services.authenticator.authenticate(exchange);
    if (!principal) co_return fail(principal.error());
    exchange.set(std::string(kCaller), principal->user_id);
    co_return std::nullopt;
  };
  project_access_ = [&services](Exchange& exchange) -> asio::awaitable<std::optional<Response>> {
    auto id = normalize_project_id(exchange.param("projectId"));
    if (!id) co_return fail(id.error());
    auto role = co_await off_io(services, [&] { return services.projects.role_of(*id, caller_id(exchange)); });
    if (!role) co_return fail(role.error());
    exchange.set(std::string(kProject), std::move(*id));
    exchange.set(std::string(kRole), std::move(*role));
    co_return std::nullopt;
  };
}

void RouteTable::open(Method method, std::string pattern, http::Handler handler) {
  router_.add(method, std::move(pattern), std::move(handler), {0, {}});
}

void RouteTable::user(Method method, std::string pattern, SyncHandler handler, std::size_t body_limit) {
  router_.add(method, std::move(pattern), from_sync(services_, std::move(handler)),
              {body_limit_for(method, body_limit), {guard_, authenticate_}});
}

void RouteTable::project(Method method, std::string pattern, SyncHandler handler, std::size_t body_limit) {
  router_.add(method, std::move(pattern), from_sync(services_, std::move(handler)),
              {body_limit_for(method, body_limit), {guard_, authenticate_, project_access_}});
}

void RouteTable::project_stream(Method method, std::string pattern, http::Handler handler, std::size_t body_limit) {
  router_.add(method, std::move(pattern), std::move(handler), {body_limit, {guard_, authenticate_, project_access_}});
}

const std::string& caller_id(const Exchange& exchange) { return local(exchange, kCaller); }
const std::string& project_id(const Exchange& exchange) { return local(exchange, kProject); }
const std::string& caller_role(const Exchange& exchange) { return local(exchange, kRole); }

Response ok(std::string json) { return http::text_response(Status::ok, "application/json", std::move(json)); }
Response created(std::string json) { return http::text_response(Status::created, "application/json", std::move(json)); }
Response accepted(std::string json) { return http::text_response(Status::accepted, "application/json", std::move(json)); }
Response no_content() { return http::empty_response(Status::no_content); }
Response fail(const ApiError& error) { return http::error_response(error); }
Response fail(const domain::Error& error) { return http::error_response(to_api_error(error)); }
Response fail(const json::FieldError& error) { return http::error_response(to_api_error(error)); }

http::Result<Json> read_body(const Exchange& exchange) { return http::parse_json_object(exchange.request()); }

service::Result<std::string> id_param(const Exchange& exchange, std::string_view name) {
  return service::validate_id(name, exchange.param(name));
}

http::Router build_router(Services& services) {
  http::Router router;
  RouteTable table(router, services);
  add_system_routes(table);
  add_project_routes(table);
  add_workspace_routes(table);
  add_session_routes(table);
  add_agent_routes(table);
  add_credential_routes(table);
  add_event_routes(table);
  add_chat_routes(table);
  add_file_routes(table);
  add_terminal_routes(table);
  add_session_work_routes(table);
  return router;
}

}  // namespace octobot::api
