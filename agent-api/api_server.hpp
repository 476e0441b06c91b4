// ApiServer: the agent API's HTTP server, as octobot-agent-api runs it and as
// the tests start it in process.
//
// Contract:
// - The constructor builds the routes (agent-api/routes.hpp) on `io`;
//   uptime counts from then.
// - listen() binds config.listen (port 0: a free port) and returns the bound
//   endpoint, or a message naming the address ("cannot listen on
//   0.0.0.0:3002: Address already in use"). Call it once, before start().
// - start() accepts on `io`; shutdown() stops accepting, lets requests in
//   flight finish, then closes every connection (lib/http/server.hpp);
//   safe from any thread, more than once. The io_context's run() returns
//   once the server has nothing left to do.
#pragma once
#include "agent-api/chat/chat_service.hpp"
#include "agent-api/config.hpp"
#include "agent-api/workspace/workspace_files.hpp"
#include "lib/http/server.hpp"

#include <chrono>
#include <string>

namespace octobot::agent_api {

class ApiServer {
 public:
  ApiServer(boost::asio::io_context& io, const ApiConfig& config);

  Expected<boost::asio::ip::tcp::endpoint, std::string> listen();
  void start() { server_.start(); }
  // Also ends the agent process of a running turn.
  void shutdown() {
    chat_.shutdown();
    server_.shutdown();
  }
  ~ApiServer() { blocking_.join(); }

 private:
  ApiConfig config_;
  boost::asio::thread_pool blocking_{1};  // git (GET /diff, turn snapshots), off the I/O thread
  ChatService chat_;
  WorkspaceFiles files_;
  http::Server server_;
};

}  // namespace octobot::agent_api
