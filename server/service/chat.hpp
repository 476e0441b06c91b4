// ChatService: a session's turns with its agent (DESIGN §3 "Chat"). The turn
// belongs to the sandbox, not to a connection: the server relays the agent
// API's chunk stream into a ChatTurn that clients follow, and into the store.
//
// Contract:
// - send() reads the user's message (chat_input.hpp), refuses a second turn
//   while one runs (busy), persists the user message (message.created; the
//   first message names an unnamed session), starts the sandbox when it is
//   stopped and waits until it is ready, starts the turn on the agent API
//   with the session's agent (type, model, system prompt, env with the
//   project's credential placeholders, MCP servers, approval policy) and the
//   ACP session id to resume, creates the assistant message (status
//   "streaming", message.created), marks the session running, and returns the
//   turn for the caller to stream.
// - The relay persists the assistant message's parts and metadata as they
//   arrive, at most 100 ms behind (no event per write), and at the end
//   (message.updated): status "complete" after "finish", "interrupted" when
//   the sandbox stopped or restarted mid-turn (an "error" chunk says so). It
//   stores the ACP session id the agent reports, adds the turn's usage and
//   cost to the session's totals, marks the session ready again, and appends
//   chat.approval_requested and chat.finished events (the notification
//   hooks). A broken connection to the agent API is re-opened at the offset
//   reached.
// - current(): the running turn of a session, or null (not an error).
// - cancel(), answer(): forwarded to the agent API; invalid_state when no
//   turn runs; answer() is not_found for an approval the agent API does not
//   have.
// - start(): after a restart, re-attaches to each turn that was running (from
//   the start of the agent API's buffer, rebuilding the message), or marks it
//   interrupted when its sandbox is gone.
// - Thread-safe.
#pragma once
#include "server/runtime/sandbox_client.hpp"
#include "server/service/chat_turn.hpp"
#include "server/service/context.hpp"
#include "server/service/sandboxes.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace octobot::service {

struct ChatSettings {
  std::chrono::seconds approval_timeout{600};  // an unanswered approval request is rejected then
  std::chrono::seconds start_timeout{180};     // waiting for a stopped sandbox to be ready
};

class ChatService {
 public:
  ChatService(Context& context, SandboxService& sandboxes, ChatSettings settings);

  boost::asio::awaitable<Result<std::shared_ptr<ChatTurn>>> send(std::string project_id, std::string session_id,
                                                                 Json body);
  std::shared_ptr<ChatTurn> current(const std::string& session_id) const;
  boost::asio::awaitable<Result<>> cancel(std::string project_id, std::string session_id);
  boost::asio::awaitable<Result<>> answer(std::string project_id, std::string session_id, std::string approval_id,
                                          Json body);
  void start();

  // Turns finished since the server started, by project and agent type (for /metrics).
  struct UsageTotal {
    std::string project_id;
    std::string agent_type;
    std::int64_t turns = 0;
    store::Usage usage;
  };
  std::vector<UsageTotal> usage_totals() const;

 private:
  struct Relay;
  boost::asio::awaitable<Result<store::Session>> load(const std::string& project_id, const std::string& id);
  boost::asio::awaitable<Result<Json>> turn_request(const store::Session& session, const std::string& message_id,
                                                    const Json& prompt);
  boost::asio::awaitable<void> relay_turn(std::shared_ptr<Relay> relay);
  boost::asio::awaitable<void> persist_turn(std::shared_ptr<Relay> relay);
  boost::asio::awaitable<void> resume_turns();
  boost::asio::awaitable<void> flush(Relay& relay, bool final);
  std::shared_ptr<ChatTurn> claim(const std::string& session_id, const std::string& message_id);
  void count_usage(const std::string& project_id, const std::string& agent_type, const store::Usage& added);
  void release(const std::string& session_id);

  Context& context_;
  SandboxService& sandboxes_;
  runtime::SandboxClient client_;
  ChatSettings settings_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<ChatTurn>> turns_;  // by session id
  std::map<std::pair<std::string, std::string>, UsageTotal> usage_;
};

}  // namespace octobot::service
