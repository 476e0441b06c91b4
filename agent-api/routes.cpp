#include "agent-api/routes.hpp"

#include "agent-api/bearer_auth.hpp"
#include "agent-api/health.hpp"

namespace octobot::agent_api {

http::Router make_routes(const ApiConfig& config, std::chrono::steady_clock::time_point started) {
  http::RouteOptions options;
  options.body_limit = 0;  // no route takes a body yet
  options.middleware.push_back(require_bearer(config.token_sha256));
  http::Router router;
  router.add(http::Method::get, "/health", health_handler({started, config.proxy_address}), options);
  return router;
}

}  // namespace octobot::agent_api
