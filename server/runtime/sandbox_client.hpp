// SandboxClient: the server's side of a running sandbox, over the ports
// Docker published on 127.0.0.1: the agent API's health, and the proxy's
// control API, where the session's egress policy and the real credential
// values go (they reach only the proxy process; DESIGN.md §1).
//
// Contract: each call is one request with the bearer token of that service;
// a status other than 200 is an error quoting the service's message. The raw
// tokens and the policy's secret values never appear in an error.
#pragma once
#include "lib/http/client_stream.hpp"
#include "lib/http/sse_parser.hpp"
#include "lib/http/websocket_client.hpp"
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

// One turn's chunk stream from the agent API (SSE), read as the chunks' JSON texts.
class TurnStream {
 public:
  explicit TurnStream(http::ResponseStream stream) : stream_(std::move(stream)) {}
  // The chunks that arrived next (possibly none); done() once the turn's "[DONE]" came. An error
  // when the connection broke: open the stream again at the offset reached.
  boost::asio::awaitable<Result<std::vector<std::string>>> next();
  bool done() const { return done_; }

 private:
  http::ResponseStream stream_;
  http::SseParser parser_;
  bool done_ = false;
};

// An agent API answer passed on to the client as it is (status and JSON body).
struct AgentApiReply {
  unsigned status = 0;
  nlohmann::json body;
};

class SandboxClient {
 public:
  explicit SandboxClient(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

  // GET /health of the agent API: its JSON body.
  boost::asio::awaitable<Result<nlohmann::json>> health(const SandboxAccess& access);
  // PUT /config of the proxy's control API: {"allow", "deny", "rules"}.
  boost::asio::awaitable<Result<>> put_proxy_policy(const SandboxAccess& access, const nlohmann::json& policy);

  // The agent API's chat (agent-api/chat/chat_routes.hpp). start_turn: the turn number; a turn
  // already running is failed with the agent API's message.
  boost::asio::awaitable<Result<std::int64_t>> start_turn(const SandboxAccess& access, const nlohmann::json& request);
  // The turn's chunk stream (SSE) from `offset`; not_found when the agent API has no such turn
  // (its container restarted).
  boost::asio::awaitable<Result<TurnStream>> open_turn_stream(const SandboxAccess& access, std::int64_t turn,
                                                             std::int64_t offset);
  boost::asio::awaitable<Result<>> cancel_turn(const SandboxAccess& access);
  // The workspace's files (agent-api/workspace/file_routes.hpp): any status is a reply; a body that
  // is not JSON is failed.
  boost::asio::awaitable<Result<AgentApiReply>> list_files(const SandboxAccess& access, const std::string& path);
  boost::asio::awaitable<Result<AgentApiReply>> read_file(const SandboxAccess& access, const std::string& path);
  boost::asio::awaitable<Result<AgentApiReply>> write_file(const SandboxAccess& access, const nlohmann::json& body);
  // GET /diff: the workspace against the session's base (path "" for all of it).
  boost::asio::awaitable<Result<AgentApiReply>> diff(const SandboxAccess& access, bool stat_only, const std::string& path);
  // GET /turns: the workspace snapshot of each finished turn.
  boost::asio::awaitable<Result<AgentApiReply>> turns(const SandboxAccess& access);
  // The session's work (agent-api/workspace/work_routes.hpp): commit what is pending, a bundle of
  // "HEAD" or "turns/<n>" (bytes; not_found for a missing snapshot), the format-patch, a push, and
  // a snapshot restored into a new session's workspace.
  boost::asio::awaitable<Result<AgentApiReply>> commit_work(const SandboxAccess& access, const std::string& message);
  boost::asio::awaitable<Result<std::string>> bundle_work(const SandboxAccess& access, const std::string& ref);
  boost::asio::awaitable<Result<AgentApiReply>> patch_work(const SandboxAccess& access);
  boost::asio::awaitable<Result<AgentApiReply>> push_work(const SandboxAccess& access, const nlohmann::json& request);
  boost::asio::awaitable<Result<AgentApiReply>> restore_snapshot(const SandboxAccess& access, std::string bundle,
                                                                 const std::string& snapshot, const std::string& base);
  // GET /terminal of the agent API as a WebSocket (agent-api/terminal/terminal_session.hpp), a
  // new shell of that size. failed with the agent API's status and message when it refuses.
  boost::asio::awaitable<Result<std::unique_ptr<http::ClientWebSocket>>> open_terminal(const SandboxAccess& access,
                                                                                      unsigned columns, unsigned rows);
  // not_found: no such pending approval.
  boost::asio::awaitable<Result<>> answer_approval(const SandboxAccess& access, const std::string& approval_id,
                                                   const nlohmann::json& answer);

 private:
  boost::asio::any_io_executor executor_;
};

}  // namespace octobot::runtime
