// The agent API's terminal (DESIGN §6): GET /terminal?cols=C&rows=R, a
// WebSocket upgrade. Each connection gets its own login shell as the agent
// API's user (octobot) in a pseudo-terminal of that size (default 80×24), in
// the workspace, with the agent's environment (proxy and CA variables) and
// TERM=xterm-256color; any number at once. The protocol and what closing does:
// agent-api/terminal/terminal_session.hpp.
// Errors before the upgrade: 400 not a WebSocket upgrade or a size out of
// 1..1000, 500 the shell cannot start.
#pragma once
#include "lib/http/router.hpp"

#include <string>
#include <vector>

namespace octobot::agent_api {

struct TerminalOptions {
  std::vector<std::string> shell{"/bin/bash", "-l"};
  std::vector<std::string> environment;  // NAME=value, the whole environment (TERM is added)
  std::string workspace;
};

void add_terminal_routes(http::Router& router, TerminalOptions terminal, const http::RouteOptions& options);

}  // namespace octobot::agent_api
