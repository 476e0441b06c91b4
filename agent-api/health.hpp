// GET /health of the agent API.
//
// Contract: answers 200 with
//   {"status":"ok","version":"<octobot version>","uptimeMs":<ms since `started`>,
//    "proxy":{"state":"up"|"down"}}
// where the proxy is "up" when a TCP connection to `proxy` succeeds within
// the probe timeout (agent-api/proxy_probe.hpp), else "down". Authentication
// is the route's middleware, not this handler's.
#pragma once
#include "lib/http/router.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <chrono>

namespace octobot::agent_api {

struct HealthSettings {
  std::chrono::steady_clock::time_point started;
  boost::asio::ip::tcp::endpoint proxy;
};

http::Handler health_handler(HealthSettings settings);

}  // namespace octobot::agent_api
