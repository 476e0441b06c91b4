// ChatService: the session's conversation with its agent over ACP (DESIGN
// §6): one turn at a time, its chunks in a TurnLog that any number of readers
// follow.
//
// Contract:
// - start_turn() refuses a second turn while one runs (busy) and an unknown
//   agent type (invalid); otherwise returns the new turn's number at once and
//   runs the turn in the background:
//   1. the agent process starts on the first turn (or when the agent type or
//      settings changed, or it died) and is kept for the next turns;
//      `initialize` is sent once per process;
//   2. the ACP session: the one this process already has; else
//      session/resume (or session/load, whose replayed history is not
//      streamed) of request.acp_session_id or the last session this agent
//      API had, when the agent can; else session/new, and when a
//      load was wanted the stream says plainly that the earlier
//      conversation could not be resumed. The session id goes out as
//      message metadata {"acpSessionId"} before the first answer chunk;
//   3. in a session just opened, the configured model is selected
//      (session/set_config_option "model", else session/set_model; the
//      stream says so if the agent refuses it);
//   4. session/prompt; session/update notifications stream as UI chunks
//      (chat/ui_stream_mapper.hpp); session/request_permission is answered by
//      the policy: "auto" allows at once, "ask" streams an approval request
//      and waits for answer() or the approval timeout (then rejects);
//   5. the prompt's result ends the turn with "finish"; an error (the agent
//      died, a protocol error) ends it with "error" and the agent's last
//      stderr lines; then options.on_turn_end runs (the workspace snapshot).
// - cancel() sends session/cancel, answers pending approvals as cancelled and
//   kills the agent's process group if the turn has not ended within the
//   grace period; the turn ends with finishReason "other", stopReason
//   "cancelled". The agent process is not reused after a cancel (the next
//   turn resumes the session in a new one). False when no turn runs.
// - answer() settles a pending approval: not_found for an unknown id.
// - shutdown() kills the agent; no new turn starts afterwards.
// - Use from the io_context's thread only.
#pragma once
#include "agent-api/acp/agent_process.hpp"
#include "agent-api/chat/launch_spec.hpp"
#include "agent-api/chat/turn_log.hpp"
#include "agent-api/chat/ui_stream_mapper.hpp"

#include <map>

namespace octobot::agent_api {

namespace asio = boost::asio;

struct TurnRequest {
  std::string message_id;
  Json prompt = Json::array();  // ACP content blocks
  AgentSettings agent;
  std::string acp_session_id;   // the session to resume, when this process has none
};

struct ChatOptions {
  std::string workspace = "/data/workspace";
  std::vector<std::string> base_environment;
  std::chrono::milliseconds cancel_grace{5000};
  std::chrono::milliseconds startup_timeout{120000};  // initialize, session/new, session/load
  std::function<void()> on_turn_end;  // after each turn (the workspace snapshot); may be empty
};

enum class ChatError { busy, invalid, not_found };

struct StartFailure {
  ChatError kind;
  std::string message;
};

class ChatService {
 public:
  ChatService(asio::any_io_executor executor, ChatOptions options);

  Expected<int, StartFailure> start_turn(TurnRequest request);
  bool cancel();
  Expected<void, StartFailure> answer(const std::string& approval_id, bool approved, bool always);
  void shutdown();

  TurnLog& log() { return log_; }
  const TurnLog& log() const { return log_; }
  bool running() const { return running_; }
  Json status() const;

 private:
  struct PendingApproval {
    Json rpc_id;
    Json options;
    std::string tool_call_id;
    std::unique_ptr<asio::steady_timer> timeout;
  };

  asio::awaitable<void> run_turn(TurnRequest request);
  asio::awaitable<Expected<void, std::string>> ensure_agent(const AgentSettings& settings);
  asio::awaitable<Expected<void, std::string>> ensure_session(const TurnRequest& request);
  asio::awaitable<void> select_model(std::string model);
  asio::awaitable<void> expire_approval(std::string approval_id);
  asio::awaitable<void> enforce_cancel(int turn);
  void on_notification(const std::string& method, const Json& params);
  void on_request(const Json& id, const std::string& method, const Json& params);
  void on_permission_request(const Json& id, const Json& params);
  void settle(const std::string& approval_id, const std::string& outcome_kind, bool streamed_rejection);
  void emit(const Chunks& chunks);

  asio::any_io_executor executor_;
  ChatOptions options_;
  TurnLog log_;
  UiStreamMapper mapper_;
  std::shared_ptr<acp::AgentProcess> agent_;
  std::string agent_fingerprint_;  // the settings the running agent was started with
  Json agent_capabilities_ = Json::object();
  std::string acp_session_id_;       // the running agent's session; "" until one is made or resumed
  std::string last_acp_session_id_;  // the latest session, kept across agent restarts
  double session_cost_ = 0;  // the ACP session's cumulative cost, as the agent last reported it
  AgentSettings settings_;
  bool running_ = false;
  bool streaming_updates_ = false;  // false while session/load replays history
  bool cancel_requested_ = false;
  bool fresh_session_ = false;      // the current turn's ACP session was just created
  bool model_pending_ = false;      // a session was just opened: select the configured model in it
  Json session_result_ = Json::object();  // what session/new, /resume or /load answered
  bool shut_down_ = false;
  int next_approval_ = 1;
  std::map<std::string, PendingApproval> approvals_;
};

}  // namespace octobot::agent_api
