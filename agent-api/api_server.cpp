#include "agent-api/api_server.hpp"

#include "agent-api/routes.hpp"
#include "agent-api/workspace/turn_snapshots.hpp"
#include "lib/log/log.hpp"

#include <boost/asio/post.hpp>

extern char** environ;

namespace octobot::agent_api {
namespace {

http::ServerOptions server_options() {
  http::ServerOptions options;
  options.max_connections = 256;
  options.drain_timeout = std::chrono::seconds(5);
  return options;
}

std::string to_text(const boost::asio::ip::tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

// The agent's environment: ours (proxy and CA variables, HOME, PATH) without the agent API's own settings.
std::vector<std::string> agent_base_environment() {
  std::vector<std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    if (std::string_view(*entry).substr(0, 12) != "OCTOBOT_API_") env.emplace_back(*entry);
  }
  return env;
}

ChatOptions chat_options(const ApiConfig& config, boost::asio::thread_pool& blocking) {
  ChatOptions options;
  options.workspace = config.workspace;
  options.base_environment = agent_base_environment();
  // Each turn's workspace becomes refs/octobot/turns/<n> (in order: one thread).
  options.on_turn_end = [&blocking, workspace = config.workspace] {
    boost::asio::post(blocking, [workspace] {
      auto recorded = record_turn_snapshot(workspace);
      if (!recorded) octobot::log::warn("cannot record the turn's snapshot", nlohmann::json{{"error", recorded.error().message}});
    });
  };
  return options;
}

TerminalOptions terminal_options(const ApiConfig& config) {
  TerminalOptions options;
  options.environment = agent_base_environment();
  options.workspace = config.workspace;
  return options;
}

}  // namespace

ApiServer::ApiServer(boost::asio::io_context& io, const ApiConfig& config)
    : config_(config),
      chat_(io.get_executor(), chat_options(config, blocking_)),
      files_(config.workspace),
      server_(io, make_routes(config, std::chrono::steady_clock::now(), chat_, files_, blocking_,
                                terminal_options(config)), server_options()) {}

Expected<boost::asio::ip::tcp::endpoint, std::string> ApiServer::listen() {
  try {
    return server_.listen(config_.listen);
  } catch (const boost::system::system_error& e) {
    return "cannot listen on " + to_text(config_.listen) + ": " + e.code().message();
  }
}

}  // namespace octobot::agent_api
