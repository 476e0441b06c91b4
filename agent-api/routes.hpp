// The agent API's routes (DESIGN §6): GET /health, the chat routes
// (agent-api/chat/chat_routes.hpp), the workspace's files, diff and turns
// (agent-api/workspace/file_routes.hpp) and the terminal
// (agent-api/terminal/terminal_routes.hpp).
//
// Contract: every route runs require_bearer(config.token_sha256) first
// (agent-api/bearer_auth.hpp): no handler sees an unauthenticated request.
// A path no route has gets lib/http's 404 envelope
// {"error":{"code":"not_found","message":"no such route: <path>"}}, a known
// path with another method 405.
#pragma once
#include "agent-api/chat/chat_service.hpp"
#include "agent-api/config.hpp"
#include "agent-api/terminal/terminal_routes.hpp"
#include "agent-api/workspace/workspace_files.hpp"
#include "lib/http/router.hpp"

#include <boost/asio/thread_pool.hpp>

#include <chrono>

namespace octobot::agent_api {

http::Router make_routes(const ApiConfig& config, std::chrono::steady_clock::time_point started, ChatService& chat,
                         const WorkspaceFiles& files, boost::asio::thread_pool& blocking,
                         const TerminalOptions& terminal);

}  // namespace octobot::agent_api
