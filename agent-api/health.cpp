#include "agent-api/health.hpp"

#include "agent-api/proxy_probe.hpp"
#include "agent-api/version.hpp"
#include "lib/http/exchange.hpp"
#include "lib/http/json.hpp"

namespace octobot::agent_api {

http::Handler health_handler(HealthSettings settings) {
  return [settings](http::Exchange& exchange) -> http::asio::awaitable<http::Response> {
    const bool proxy_up = co_await probe_tcp(settings.proxy);
    const auto uptime = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                              settings.started);
    const http::Json body = {{"status", "ok"},
                             {"version", version()},
                             {"uptimeMs", uptime.count()},
                             {"proxy", {{"state", proxy_up ? "up" : "down"}}}};
    co_return http::json_response(http::Status::ok, body, exchange.request().version());
  };
}

}  // namespace octobot::agent_api
