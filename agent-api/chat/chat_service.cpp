#include "agent-api/chat/chat_service.hpp"

#include "agent-api/version.hpp"
#include "lib/log/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace octobot::agent_api {

namespace {

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::hours kPromptTimeout{24};

// A string field of what the agent sent, "" when absent, of another type, or not in an object: the
// agent's messages are read defensively (a buggy agent must not bring the agent API down).
std::string text_field(const Json& object, const char* name) {
  if (!object.is_object()) return "";
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const Json& object_field(const Json& object, const char* name) {
  static const Json empty = Json::object();
  if (!object.is_object()) return empty;
  auto it = object.find(name);
  return it != object.end() && it->is_object() ? *it : empty;
}

// The outcome of a session/request_permission: the first option whose kind is in `kinds`, in
// that order of preference; "cancelled" when the agent offered none of them.
Json permission_outcome(const Json& options, const std::vector<std::string>& kinds) {
  for (const auto& kind : kinds) {
    for (const auto& option : options) {
      if (text_field(option, "kind") == kind && option.contains("optionId")) {
        return {{"outcome", {{"outcome", "selected"}, {"optionId", option["optionId"]}}}};
      }
    }
  }
  return {{"outcome", {{"outcome", "cancelled"}}}};
}

std::string fingerprint(const AgentSettings& settings) {
  return Json{{"type", settings.type}, {"model", settings.model}, {"env", settings.env}}.dump();
}

}  // namespace

ChatService::ChatService(asio::any_io_executor executor, ChatOptions options)
    : executor_(executor), options_(std::move(options)), log_(executor) {}

Json ChatService::status() const {
  return {{"running", running_},
          {"turn", log_.turn()},
          {"chunks", log_.size()},
          {"acpSessionId", acp_session_id_.empty() ? Json() : Json(acp_session_id_)},
          {"agentRunning", agent_ && agent_->running()},
          {"pendingApprovals", approvals_.size()}};
}

Expected<int, StartFailure> ChatService::start_turn(TurnRequest request) {
  if (shut_down_) return StartFailure{ChatError::busy, "the agent API is shutting down"};
  if (running_) return StartFailure{ChatError::busy, "a turn is already running; cancel it or wait for it to finish"};
  if (!known_agent_type(request.agent.type)) {
    auto command = launch_command(request.agent, {}, options_.workspace);
    return StartFailure{ChatError::invalid, command ? std::string("unknown agent type") : command.error()};
  }
  running_ = true;
  cancel_requested_ = false;
  const int turn = log_.turn() + 1;
  log_.begin(turn);
  mapper_ = UiStreamMapper(session_cost_);
  emit(mapper_.begin(request.message_id));
  asio::co_spawn(executor_, run_turn(std::move(request)), asio::detached);
  return turn;
}

void ChatService::emit(const Chunks& chunks) {
  for (const auto& chunk : chunks) log_.append(chunk.dump(-1, ' ', false, Json::error_handler_t::replace));
}

asio::awaitable<void> ChatService::run_turn(TurnRequest request) {
  const int turn = log_.turn();
  std::string failure;
  Json result;
  if (auto agent = co_await ensure_agent(request.agent); !agent) {
    failure = agent.error();
  } else if (auto session = co_await ensure_session(request); !session) {
    failure = session.error();
  } else {
    if (model_pending_) co_await select_model(request.agent.model);
    emit(mapper_.metadata({{"acpSessionId", acp_session_id_}, {"agentType", request.agent.type}}));
    Json prompt = request.prompt;
    if (fresh_session_ && !request.agent.system_prompt.empty() && !takes_system_prompt_in_session(request.agent.type)) {
      prompt.insert(prompt.begin(), Json{{"type", "text"}, {"text", request.agent.system_prompt}});
    }
    auto agent = agent_;  // kept alive for the whole prompt
    // Named, not braced in the co_await: GCC 12 miscompiles array temporaries there.
    const Json params = {{"sessionId", acp_session_id_}, {"prompt", prompt}};
    const std::string method = "session/prompt";
    auto answer = co_await agent->peer().call(method, params, kPromptTimeout);
    if (answer) {
      result = *answer;
    } else if (cancel_requested_) {
      result = {{"stopReason", "cancelled"}};
    } else {
      failure = "the agent failed: " + answer.error().message;
      // When its output closed, the agent is usually exiting: say how, with its last words.
      for (int waited = 0; agent->running() && waited < 50; ++waited) {
        asio::steady_timer pause(executor_, std::chrono::milliseconds(20));
        (void)co_await pause.async_wait(kAsTuple);
      }
      if (!agent->running()) failure += " (the agent " + agent->exit_description() + ")";
      if (!agent->stderr_tail().empty()) failure += "\n" + agent->stderr_tail();
    }
  }
  for (auto& [id, approval] : approvals_) approval.timeout->cancel();
  approvals_.clear();
  emit(failure.empty() ? mapper_.finish(result) : mapper_.fail(failure));
  session_cost_ = mapper_.session_cost();
  // After a cancel, claude-agent-acp 0.23 answers every later prompt one prompt late
  // (agentclientprotocol/claude-agent-acp#551): the next turn starts a fresh process that resumes.
  if (cancel_requested_ && agent_) {
    agent_->kill();
    agent_.reset();
  }
  if (!failure.empty()) log::warn("turn failed", Json{{"turn", turn}, {"error", failure}});
  log_.end();
  running_ = false;
  if (options_.on_turn_end) options_.on_turn_end();
}

asio::awaitable<Expected<void, std::string>> ChatService::ensure_agent(const AgentSettings& settings) {
  settings_ = settings;
  if (agent_ && agent_->running() && agent_fingerprint_ == fingerprint(settings)) co_return Expected<void, std::string>{};
  if (agent_) agent_->kill();
  agent_.reset();
  acp_session_id_.clear();
  session_cost_ = 0;
  mapper_ = UiStreamMapper(0);  // only "start" went out yet: the mapper holds no other state
  auto command = launch_command(settings, options_.base_environment, options_.workspace);
  if (!command) co_return command.error();
  auto process = acp::AgentProcess::start(executor_, *command, [] {});
  if (!process) co_return "cannot start the agent: " + process.error();
  agent_ = *process;
  agent_fingerprint_ = fingerprint(settings);
  agent_->peer().start([this](const std::string& method, const Json& params) { on_notification(method, params); },
                       [this](const Json& id, const std::string& method, const Json& params) {
                         on_request(id, method, params);
                       },
                       [] {});
  Json initialize = {{"protocolVersion", 1},
                     {"clientCapabilities", {{"fs", {{"readTextFile", false}, {"writeTextFile", false}}},
                                             {"terminal", false}}},
                     {"clientInfo", {{"name", "octobot-agent-api"}, {"version", version()}}}};
  const std::string method = "initialize";
  auto answer = co_await agent_->peer().call(method, initialize, options_.startup_timeout);
  if (!answer) {
    std::string message = "the agent did not initialize: " + answer.error().message;
    if (!agent_->stderr_tail().empty()) message += "\n" + agent_->stderr_tail();
    agent_->kill();
    co_return message;
  }
  agent_capabilities_ = object_field(*answer, "agentCapabilities");
  co_return Expected<void, std::string>{};
}

asio::awaitable<Expected<void, std::string>> ChatService::ensure_session(const TurnRequest& request) {
  fresh_session_ = false;
  if (!acp_session_id_.empty()) co_return Expected<void, std::string>{};
  const Json mcp_servers = request.agent.mcp_servers.is_array() ? request.agent.mcp_servers : Json::array();
  std::string resume_note;
  const std::string earlier = request.acp_session_id.empty() ? last_acp_session_id_ : request.acp_session_id;
  if (!earlier.empty()) {
    // session/resume restores the conversation silently; session/load replays it as updates, which
    // are not this turn's (some agents send the last of them just after the result).
    const bool can_resume = object_field(agent_capabilities_, "sessionCapabilities").contains("resume");
    if (can_resume || agent_capabilities_.value("loadSession", Json()) == true) {
      streaming_updates_ = false;
      const Json load = {{"sessionId", earlier}, {"cwd", options_.workspace}, {"mcpServers", mcp_servers}};
      const std::string method = can_resume ? "session/resume" : "session/load";
      auto loaded = co_await agent_->peer().call(method, load, options_.startup_timeout);
      if (loaded && !can_resume) {
        asio::steady_timer settle(executor_, std::chrono::milliseconds(500));
        (void)co_await settle.async_wait(kAsTuple);
      }
      streaming_updates_ = true;
      if (loaded) {
        acp_session_id_ = last_acp_session_id_ = earlier;
        session_result_ = loaded->is_object() ? *loaded : Json::object();
        model_pending_ = true;
        co_return Expected<void, std::string>{};
      }
      resume_note = "The earlier conversation could not be resumed (" + loaded.error().message +
                    "); the agent starts a new one without it.";
    } else {
      resume_note = "This agent cannot resume an earlier conversation; it starts a new one without it.";
    }
  }
  Json params = {{"cwd", options_.workspace}, {"mcpServers", mcp_servers}};
  if (!request.agent.system_prompt.empty() && takes_system_prompt_in_session(request.agent.type)) {
    params["_meta"] = {{"systemPrompt", {{"append", request.agent.system_prompt}}}};
  }
  const std::string method = "session/new";
  auto created = co_await agent_->peer().call(method, params, options_.startup_timeout);
  if (!created) co_return "the agent could not start a session: " + created.error().message;
  if (!created->contains("sessionId") || !(*created)["sessionId"].is_string()) {
    co_return std::string("the agent's session/new result has no sessionId");
  }
  acp_session_id_ = last_acp_session_id_ = (*created)["sessionId"];
  session_result_ = *created;
  model_pending_ = true;
  fresh_session_ = true;
  streaming_updates_ = true;
  if (!resume_note.empty()) {
    emit(mapper_.session_update({{"sessionUpdate", "agent_message_chunk"},
                                 {"content", {{"type", "text"}, {"text", "_" + resume_note + "_\n\n"}}}}));
  }
  co_return Expected<void, std::string>{};
}

// The configured model, in the session just opened: session/set_config_option "model" (aliases such as
// "opus" resolve there), else session/set_model; the stream says so when the agent refuses it.
asio::awaitable<void> ChatService::select_model(std::string model) {
  model_pending_ = false;
  if (model.empty()) co_return;
  bool has_option = false;
  const Json options = session_result_.value("configOptions", Json::array());
  for (const auto& option : options.is_array() ? options : Json::array()) {
    has_option = has_option || text_field(option, "id") == "model";
  }
  const bool has_models = session_result_.contains("models");
  std::string method = "session/set_config_option";
  Json params = {{"sessionId", acp_session_id_}, {"configId", "model"}, {"value", model}};
  if (!has_option && has_models) {
    method = "session/set_model";
    params = {{"sessionId", acp_session_id_}, {"modelId", model}};
  }
  auto set = co_await agent_->peer().call(method, params, options_.startup_timeout);
  if (!set && method == "session/set_config_option" && set.error().code == -32601) {
    method = "session/set_model";
    params = {{"sessionId", acp_session_id_}, {"modelId", model}};
    set = co_await agent_->peer().call(method, params, options_.startup_timeout);
  }
  if (!set) {
    emit(mapper_.session_update({{"sessionUpdate", "agent_message_chunk"},
                                 {"content", {{"type", "text"},
                                              {"text", "_The agent could not select the model \"" + model + "\" (" +
                                                           set.error().message + "); it uses its default._\n\n"}}}}));
  }
}

void ChatService::on_notification(const std::string& method, const Json& params) {
  if (method != "session/update" || !running_ || !streaming_updates_) return;
  if (text_field(params, "sessionId") != acp_session_id_) return;
  emit(mapper_.session_update(object_field(params, "update")));
}

void ChatService::on_request(const Json& id, const std::string& method, const Json& params) {
  if (method == "session/request_permission") {
    on_permission_request(id, params);
    return;
  }
  // We advertise no fs or terminal capability: the agent works in its own container.
  agent_->peer().respond_error(id, -32601, "method not supported by this client: " + method);
}

void ChatService::on_permission_request(const Json& id, const Json& params) {
  const Json options = params.is_object() && params.value("options", Json()).is_array() ? params["options"] : Json::array();
  if (!running_ || settings_.approval_policy != "ask") {
    agent_->peer().respond(id, running_ ? permission_outcome(options, {"allow_always", "allow_once"})
                                        : permission_outcome(options, {}));
    return;
  }
  const std::string approval_id = "approval-" + std::to_string(next_approval_++);
  PendingApproval pending{id, options, text_field(object_field(params, "toolCall"), "toolCallId"),
                          std::make_unique<asio::steady_timer>(executor_, settings_.approval_timeout)};
  approvals_.emplace(approval_id, std::move(pending));
  emit(mapper_.approval_request(approval_id, params));
  asio::co_spawn(executor_, expire_approval(approval_id), asio::detached);
}

asio::awaitable<void> ChatService::expire_approval(std::string approval_id) {
  auto it = approvals_.find(approval_id);
  if (it == approvals_.end()) co_return;
  auto [error] = co_await it->second.timeout->async_wait(kAsTuple);
  if (error) co_return;  // answered or the turn ended
  emit(mapper_.session_update({{"sessionUpdate", "agent_message_chunk"},
                               {"content", {{"type", "text"}, {"text", "\n_No answer to the approval request in time: rejected._\n"}}}}));
  settle(approval_id, "reject", true);
}

void ChatService::settle(const std::string& approval_id, const std::string& decision, bool streamed_rejection) {
  auto it = approvals_.find(approval_id);
  if (it == approvals_.end()) return;
  PendingApproval pending = std::move(it->second);
  approvals_.erase(it);
  pending.timeout->cancel();
  std::vector<std::string> kinds;
  if (decision == "allow_always") kinds = {"allow_always", "allow_once"};
  if (decision == "allow_once") kinds = {"allow_once", "allow_always"};
  if (decision == "reject") kinds = {"reject_once", "reject_always"};
  if (agent_) agent_->peer().respond(pending.rpc_id, permission_outcome(pending.options, kinds));
  if (streamed_rejection) emit(mapper_.approval_rejected(pending.tool_call_id));
}

Expected<void, StartFailure> ChatService::answer(const std::string& approval_id, bool approved, bool always) {
  if (!approvals_.count(approval_id)) {
    return StartFailure{ChatError::not_found, "no pending approval \"" + approval_id + "\""};
  }
  settle(approval_id, approved ? (always ? "allow_always" : "allow_once") : "reject", !approved);
  return {};
}

bool ChatService::cancel() {
  if (!running_) return false;
  cancel_requested_ = true;
  std::vector<std::string> pending;
  for (const auto& [id, approval] : approvals_) pending.push_back(id);
  for (const auto& id : pending) settle(id, "cancelled", false);
  if (agent_ && !acp_session_id_.empty()) agent_->peer().notify("session/cancel", {{"sessionId", acp_session_id_}});
  asio::co_spawn(executor_, enforce_cancel(log_.turn()), asio::detached);
  return true;
}

asio::awaitable<void> ChatService::enforce_cancel(int turn) {
  asio::steady_timer timer(executor_, options_.cancel_grace);
  (void)co_await timer.async_wait(kAsTuple);
  if (running_ && log_.turn() == turn && agent_) {
    log::warn("the agent did not stop within the grace period; killing its process group", Json{{"turn", turn}});
    agent_->kill();
  }
}

void ChatService::shutdown() {
  shut_down_ = true;
  if (agent_) agent_->kill();
}

}  // namespace octobot::agent_api
