#include "agent-api/routes.hpp"

#include "agent-api/bearer_auth.hpp"
#include "agent-api/chat/chat_routes.hpp"
#include "agent-api/workspace/file_routes.hpp"
#include "agent-api/workspace/work_routes.hpp"
#include "agent-api/health.hpp"

namespace octobot::agent_api {

namespace {
// A prompt may carry pasted files and images (as ACP content blocks).
constexpr std::size_t kChatBodyLimit = 32 * 1024 * 1024;
}  // namespace

http::Router make_routes(const ApiConfig& config, std::chrono::steady_clock::time_point started, ChatService& chat,
                         const WorkspaceFiles& files, boost::asio::thread_pool& blocking,
                         const TerminalOptions& terminal) {
  http::RouteOptions options;
  options.body_limit = 64 * 1024;
  options.middleware.push_back(require_bearer(config.token_sha256));
  http::Router router;
  router.add(http::Method::get, "/health", health_handler({started, config.proxy_address}), options);
  http::RouteOptions chat_options = options;
  chat_options.body_limit = kChatBodyLimit;
  add_chat_routes(router, chat, chat_options);
  add_file_routes(router, files, blocking, options);
  add_work_routes(router, files, blocking, options);
  add_terminal_routes(router, terminal, options);
  return router;
}

}  // namespace octobot::agent_api
