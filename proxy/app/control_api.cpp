#include "proxy/app/control_api.hpp"

#include "proxy/cache/registry_cache.hpp"
#include "proxy/tls/leaf_certificates.hpp"

#include "lib/http/exchange.hpp"
#include "lib/http/json.hpp"


namespace octobot::proxy {
namespace {

namespace asio = boost::asio;

using octobot::http::ApiError;
using octobot::http::Exchange;
using octobot::http::Method;
using octobot::http::Response;
using octobot::http::Status;

bool token_matches(std::string_view header, const ApiToken& token) {
  constexpr std::string_view scheme = "Bearer ";
  if (!header.starts_with(scheme)) return false;
  return token.matches(header.substr(scheme.size()));
}

octobot::http::Middleware require_token(ApiToken token) {
  return [token = std::move(token)](Exchange& exchange) -> asio::awaitable<std::optional<Response>> {
    auto header = exchange.request()[octobot::http::Field::authorization];
    if (token_matches(header, token)) co_return std::nullopt;
    co_return octobot::http::error_response(ApiError::unauthorized("a valid bearer token is required"));
  };
}

Response config_error(const ConfigError& error) {
  return octobot::http::error_response(ApiError::bad_request(error.message, "invalid_config"));
}

nlohmann::json health(const Runtime& runtime) {
  nlohmann::json body = {
      {"status", "ok"},
      {"open_connections", runtime.open_connections.load()},
      {"accepted_connections", runtime.accepted_connections.load()},
      {"refused_connections", runtime.refused_connections.load()},
      {"interception", runtime.leaf_certificates != nullptr},
      {"registry_cache", runtime.registry_cache != nullptr},
  };
  if (runtime.leaf_certificates) {
    auto stats = runtime.leaf_certificates->stats();
    body["leaf_certificates"] = {{"generated", stats.generated}, {"hits", stats.hits}, {"evictions", stats.evictions}};
  }
  return body;
}

using ConfigChange = Expected<void, ConfigError> (ConfigState::*)(const nlohmann::json&);

octobot::http::Handler change_config(std::shared_ptr<ConfigState> state, ConfigChange change) {
  return [state, change](Exchange& exchange) -> asio::awaitable<Response> {
    auto body = octobot::http::parse_json_object(exchange.request());
    if (!body) co_return octobot::http::error_response(body.error());
    auto changed = ((*state).*change)(*body);
    if (!changed) co_return config_error(changed.error());
    co_return octobot::http::json_response(Status::ok, state->view());
  };
}

}  // namespace

octobot::http::Router make_control_routes(std::shared_ptr<ConfigState> state, std::shared_ptr<Runtime> runtime,
                                          ApiToken token) {
  octobot::http::Router router;
  octobot::http::RouteOptions options;
  options.body_limit = 1024 * 1024;
  options.middleware.push_back(require_token(std::move(token)));

  router.add(Method::get, "/health", [runtime](Exchange&) -> asio::awaitable<Response> {
    co_return octobot::http::json_response(Status::ok, health(*runtime));
  }, options);
  router.add(Method::get, "/config", [state](Exchange&) -> asio::awaitable<Response> {
    co_return octobot::http::json_response(Status::ok, state->view());
  }, options);
  router.add(Method::put, "/config", change_config(state, &ConfigState::replace), options);
  router.add(Method::patch, "/config", change_config(state, &ConfigState::patch), options);
  router.add(Method::get, "/cache/stats", [runtime](Exchange&) -> asio::awaitable<Response> {
    if (!runtime->registry_cache) co_return octobot::http::error_response(ApiError::not_found("no cache is configured"));
    co_return octobot::http::json_response(Status::ok, to_json(runtime->registry_cache->stats()));
  }, options);
  router.add(Method::delete_, "/cache", [runtime](Exchange&) -> asio::awaitable<Response> {
    if (!runtime->registry_cache) co_return octobot::http::error_response(ApiError::not_found("no cache is configured"));
    runtime->registry_cache->clear();
    co_return octobot::http::empty_response(Status::no_content);
  }, options);
  return router;
}

}  // namespace octobot::proxy
