// ApiConfig: what octobot-agent-api is told, from flags and OCTOBOT_API_*
// variables (lib/config: flags win; an empty variable counts as unset).
//
// Contract of parse_api_config(args, env):
// - --listen / OCTOBOT_API_LISTEN, default 0.0.0.0:3002: where the API
//   serves, an IP literal and a port ("[::]:3002" for IPv6; port 0 picks a
//   free port, for tests).
// - --token-sha256 / OCTOBOT_API_TOKEN_SHA256, required: the SHA-256 of the
//   bearer token as 64 hex digits (stored lowercase). The raw token never
//   reaches the container.
// - --proxy-address / OCTOBOT_API_PROXY_ADDRESS, default 127.0.0.1:17080:
//   the proxy GET /health probes (IP literal and port 1-65535).
// - --workspace / OCTOBOT_API_WORKSPACE, default /data/workspace: where the
//   agent works (its ACP sessions' cwd).
// - --log-level / OCTOBOT_API_LOG_LEVEL, default info.
// - Positional arguments are refused. "-h"/"--help" set `help` (nothing
//   else is checked then). Errors are messages naming the flag or variable:
//   "OCTOBOT_API_TOKEN_SHA256: expected 64 hex digits, got 12 characters".
// - Pure: reads nothing but its arguments.
#pragma once
#include "lib/config/config.hpp"
#include "lib/log/log.hpp"
#include "lib/result.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <string>
#include <vector>

namespace octobot::agent_api {

struct ApiConfig {
  boost::asio::ip::tcp::endpoint listen;
  std::string token_sha256;  // 64 lowercase hex digits
  boost::asio::ip::tcp::endpoint proxy_address;
  std::string workspace = "/data/workspace";
  log::Level log_level = log::Level::info;
  bool help = false;
};

Expected<ApiConfig, std::string> parse_api_config(const std::vector<std::string>& args,
                                                  const config::Environment& env);

// "Usage: octobot-agent-api [options]" and one line per option.
std::string usage_text();

// "0.0.0.0:3002", "[::1]:80" → the endpoint; nullopt unless an IP literal and
// a port in [min_port, 65535].
std::optional<boost::asio::ip::tcp::endpoint> parse_endpoint(std::string_view text, unsigned min_port);

}  // namespace octobot::agent_api
