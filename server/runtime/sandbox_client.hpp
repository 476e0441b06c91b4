// SandboxClient: the server's side of a running sandbox, over the ports
// Docker published on 127.0.0.1: the agent API's health, and the proxy's
// control API, where the session's egress policy and the real credential
// values go (they reach only the proxy process; DESIGN.md §1).
//
// Contract: each call is one request with the bearer token of that service;
// a status other than 200 is an error quoting the service's message. The raw
// tokens and the policy's secret values never appear in an error.
#pragma once
#include "server/runtime/runtime.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

namespace octobot::runtime {

struct SandboxAccess {
  std::uint16_t api_port = 0;
  std::uint16_t proxy_port = 0;
  std::string api_token;
  std::string proxy_token;
};

class SandboxClient {
 public:
  explicit SandboxClient(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

  // GET /health of the agent API: its JSON body.
  boost::asio::awaitable<Result<nlohmann::json>> health(const SandboxAccess& access);
  // PUT /config of the proxy's control API: {"allow", "deny", "rules"}.
  boost::asio::awaitable<Result<>> put_proxy_policy(const SandboxAccess& access, const nlohmann::json& policy);

 private:
  boost::asio::any_io_executor executor_;
};

}  // namespace octobot::runtime
