#include "server/service/chat.hpp"

#include "lib/async/off_thread.hpp"
#include "lib/log/log.hpp"
#include "proto/ui_message.hpp"
#include "server/service/chat_input.hpp"
#include "server/service/network_policy.hpp"
#include "server/service/transcript.hpp"
#include "server/service/wire.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <cmath>

namespace octobot::service {

namespace asio = boost::asio;
namespace status = session_status;

namespace {

constexpr auto kFlushInterval = std::chrono::milliseconds(100);
constexpr int kReconnectAttempts = 20;  // × 250 ms: the agent API's stream, when its connection broke
// What one turn may stream: the agent API is inside the sandbox, so its output is untrusted input.
constexpr std::size_t kMaxTurnBytes = 64 * 1024 * 1024;

asio::awaitable<void> sleep_for(std::chrono::milliseconds duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}


// The agent's key variable per credential provider; the agent sees the placeholder, the proxy swaps in the key.
const char* key_variable(const std::string& provider) {
  if (provider == "anthropic") return "ANTHROPIC_API_KEY";
  if (provider == "openai") return "OPENAI_API_KEY";
  if (provider == "google" || provider == "gemini") return "GEMINI_API_KEY";
  return nullptr;
}

// The agent's base URL variable per credential provider.
const char* base_url_variable(const std::string& provider) {
  if (provider == "anthropic") return "ANTHROPIC_BASE_URL";
  if (provider == "openai") return "OPENAI_BASE_URL";
  if (provider == "google" || provider == "gemini") return "GOOGLE_GEMINI_BASE_URL";
  return nullptr;
}

// Our stored MCP servers ({name, type, command, args, env{}} | {name, type, url, headers{}}) in ACP's shape.
Json acp_mcp_servers(const std::string& stored) {
  Json servers = Json::parse(stored, nullptr, false);
  Json out = Json::array();
  if (!servers.is_array()) return out;
  auto pairs = [](const Json& map) {
    Json list = Json::array();
    if (map.is_object()) {
      for (const auto& [name, value] : map.items()) list.push_back({{"name", name}, {"value", value}});
    }
    return list;
  };
  for (const auto& server : servers) {
    if (server.value("type", std::string()) == "http") {
      out.push_back({{"type", "http"}, {"name", server.value("name", "")}, {"url", server.value("url", "")},
                     {"headers", pairs(server.value("headers", Json::object()))}});
    } else {
      out.push_back({{"name", server.value("name", "")}, {"command", server.value("command", "")},
                     {"args", server.value("args", Json::array())}, {"env", pairs(server.value("env", Json::object()))}});
    }
  }
  return out;
}

std::int64_t usage_number(const Json& usage, const char* name) {
  auto it = usage.find(name);
  return it != usage.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

// A finished turn's usage from its message metadata ({usage: {...}, costUsd}).
store::Usage usage_of(const Json& metadata) {
  const Json usage = metadata.value("usage", Json::object());
  store::Usage out{usage_number(usage, "inputTokens"), usage_number(usage, "outputTokens"),
                   usage_number(usage, "cachedInputTokens"), 0};
  if (metadata.contains("costUsd") && metadata["costUsd"].is_number()) {
    out.cost_micros = std::llround(metadata["costUsd"].get<double>() * 1e6);
  }
  return out;
}

}  // namespace

// One turn being relayed. Touched only on its strand.
struct ChatService::Relay {
  std::shared_ptr<ChatTurn> turn;
  store::Session session;
  store::Message message;
  std::int64_t agent_turn = 0;
  std::string agent_type;  // as the server knows it (for metrics), never as the sandbox says
  std::int64_t offset = 0;
  std::size_t bytes = 0;
  proto::UiMessageBuilder builder;
  bool dirty = false;
  bool done = false;
  std::string interruption;               // why the turn ended without "finish"
  std::vector<store::EventDraft> events;  // to append with the next write
};

ChatService::ChatService(Context& context, SandboxService& sandboxes, ChatSettings settings)
    : context_(context), sandboxes_(sandboxes), client_(context.io), settings_(settings) {}

void ChatService::count_usage(const std::string& project_id, const std::string& agent_type, const store::Usage& added) {
  std::lock_guard lock(mutex_);
  UsageTotal& total = usage_[{project_id, agent_type}];
  total.project_id = project_id;
  total.agent_type = agent_type;
  total.turns += 1;
  total.usage.input_tokens += added.input_tokens;
  total.usage.output_tokens += added.output_tokens;
  total.usage.cached_tokens += added.cached_tokens;
  total.usage.cost_micros += added.cost_micros;
}

std::vector<ChatService::UsageTotal> ChatService::usage_totals() const {
  std::lock_guard lock(mutex_);
  std::vector<UsageTotal> totals;
  for (const auto& [key, total] : usage_) totals.push_back(total);
  return totals;
}

std::shared_ptr<ChatTurn> ChatService::current(const std::string& session_id) const {
  std::lock_guard lock(mutex_);
  auto it = turns_.find(session_id);
  return it == turns_.end() ? nullptr : it->second;
}

std::shared_ptr<ChatTurn> ChatService::claim(const std::string& session_id, const std::string& message_id) {
  std::lock_guard lock(mutex_);
  if (turns_.count(session_id)) return nullptr;
  auto turn = std::make_shared<ChatTurn>(session_id, message_id);
  turns_[session_id] = turn;
  return turn;
}

void ChatService::release(const std::string& session_id) {
  std::lock_guard lock(mutex_);
  turns_.erase(session_id);
}

asio::awaitable<Result<store::Session>> ChatService::load(const std::string& project_id, const std::string& id) {
  co_return co_await async::run_on(context_.blocking, [&]() -> Result<store::Session> {
    auto session = context_.store.find_session(project_id, id);
    if (!session) return describe(session.error(), "session");
    return std::move(session).value();
  });
}

asio::awaitable<Result<Json>> ChatService::turn_request(const store::Session& session, const std::string& message_id,
                                                        const Json& prompt) {
  co_return co_await async::run_on(context_.blocking, [&]() -> Result<Json> {
    auto agent = session.agent_id.empty() ? context_.store.find_default_agent(session.project_id)
                                          : context_.store.find_agent(session.project_id, session.agent_id);
    if (!agent) {
      if (agent.error().code == store::Error::Code::not_found) {
        return Error::invalid_state("the session has no agent: create one in the project first");
      }
      return describe(agent.error(), "agent");
    }
    auto credentials = context_.store.list_credentials(session.project_id);
    if (!credentials) return describe(credentials.error(), "credential");
    Json env = Json::object();
    for (const auto& credential : *credentials) {
      const char* variable = key_variable(credential.provider);
      if (variable && !env.contains(variable)) {
        env[variable] = credential_placeholder(credential);
        const char* base = base_url_variable(credential.provider);
        if (base && !credential.base_url.empty()) env[base] = credential.base_url;
      }
    }
    Json configured = Json::parse(agent->env_json, nullptr, false);
    if (configured.is_object()) env.update(configured);  // the agent's own settings win
    std::string system_prompt = agent->system_prompt;
    if (session.acp_session_id.empty()) {
      // A new agent session after earlier messages (a fork): it gets them as context.
      auto messages = context_.store.list_messages(session.project_id, session.id);
      if (!messages) return describe(messages.error(), "message");
      if (!messages->empty() && messages->back().role == "user") messages->pop_back();  // this turn's
      const std::string transcript = conversation_transcript(*messages);
      if (!transcript.empty()) system_prompt += (system_prompt.empty() ? "" : "\n\n") + transcript;
    }
    return Json{{"messageId", message_id},
                {"prompt", prompt},
                {"acpSessionId", session.acp_session_id},
                {"agent",
                 {{"type", agent->type},
                  {"model", agent->model},
                  {"systemPrompt", system_prompt},
                  {"env", env},
                  {"mcpServers", acp_mcp_servers(agent->mcp_servers_json)},
                  {"approvalPolicy", agent->approval_policy},
                  {"approvalTimeoutSeconds", settings_.approval_timeout.count()}}}};
  });
}

asio::awaitable<Result<std::shared_ptr<ChatTurn>>> ChatService::send(std::string project_id, std::string session_id,
                                                                     Json body) {
  auto input = read_chat_input(body);
  if (!input) co_return input.error();
  auto session = co_await load(project_id, session_id);
  if (!session) co_return session.error();
  auto user_message = store::Message{crypto::uuid_v4(), project_id, session_id, "user", input->parts.dump(),
                                     context_.now_ms()};
  auto turn = claim(session_id, crypto::uuid_v4());
  if (!turn) co_return Error::busy("a turn is already running in this session: cancel it or wait for it to finish");
  auto fail = [&](Error error) -> Result<std::shared_ptr<ChatTurn>> {
    release(session_id);
    return error;
  };

  auto saved = co_await async::run_on(context_.blocking, [&]() -> Result<> {
    auto created = context_.store.create_message(
        user_message, make_event(context_, project_id, "message.created", wire::render(user_message)));
    if (!created) return describe(created.error(), "message");
    if (session->name.empty() && !input->title.empty()) {
      session->name = input->title;
      session->updated_at = context_.now_ms();
      auto named = context_.store.update_session(*session, make_event(context_, project_id, "session.updated",
                                                                      wire::render(*session)));
      if (!named) return describe(named.error(), "session");
    }
    context_.hub.notify();
    return {};
  });
  if (!saved) co_return fail(saved.error());

  auto ready = co_await sandboxes_.wait_until_ready(project_id, session_id, settings_.start_timeout);
  if (!ready) co_return fail(ready.error());
  auto request = co_await turn_request(*ready, turn->message_id(), input->prompt);
  if (!request) co_return fail(request.error());
  const auto access = sandbox_access(*ready);  // named: GCC 12 mishandles temporaries in co_await arguments
  auto started = co_await client_.start_turn(access, *request);
  if (!started) {
    const bool busy = started.error().message.find(" 409:") != std::string::npos;
    co_return fail(busy ? Error::busy(started.error().message) : Error::unavailable(started.error().message));
  }

  auto relay = std::make_shared<Relay>();
  relay->turn = turn;
  relay->session = std::move(*ready);
  relay->agent_turn = *started;
  relay->agent_type = (*request)["agent"]["type"];
  relay->message = store::Message{turn->message_id(), project_id, session_id, "assistant", "[]", context_.now_ms(),
                                  "streaming", "{}"};
  auto recorded = co_await async::run_on(context_.blocking, [&]() -> Result<> {
    auto created = context_.store.create_message(
        relay->message, make_event(context_, project_id, "message.created", wire::render(relay->message)));
    if (!created) return describe(created.error(), "message");
    relay->session.chat_turn = relay->agent_turn;
    relay->session.chat_offset = 0;
    relay->session.chat_message_id = relay->message.id;
    relay->session.last_active_at = context_.now_ms();
    auto marked = context_.store.update_session_chat(relay->session, nullptr, nullptr);
    if (!marked) return describe(marked.error(), "session");
    context_.hub.notify();
    return {};
  });
  if (!recorded) {
    (void)co_await client_.cancel_turn(access);
    co_return fail(recorded.error());
  }
  sandboxes_.mark_running(relay->session, true);
  asio::co_spawn(asio::make_strand(context_.io), relay_turn(relay), asio::detached);
  co_return turn;
}

// ---- the relay: agent API → ChatTurn (clients) and the store ----

asio::awaitable<void> ChatService::relay_turn(std::shared_ptr<Relay> relay) {
  asio::co_spawn(co_await asio::this_coro::executor, persist_turn(relay), asio::detached);
  int attempts = 0;
  while (!relay->done) {
    const auto access = sandbox_access(relay->session);
    auto stream = co_await client_.open_turn_stream(access, relay->agent_turn, relay->offset);
    if (!stream) {
      if (stream.error().code == runtime::RuntimeError::Code::not_found || ++attempts > kReconnectAttempts) {
        relay->interruption = "the sandbox stopped or restarted during the turn; the reply so far is kept";
        break;
      }
      co_await sleep_for(std::chrono::milliseconds(250));
      continue;
    }
    attempts = 0;
    while (!relay->done) {
      auto chunks = co_await stream->next();
      if (!chunks) break;  // re-open at the offset reached
      for (auto& text : *chunks) {
        relay->bytes += text.size();
        if (relay->bytes > kMaxTurnBytes) {
          relay->interruption = "the turn's output exceeded " + std::to_string(kMaxTurnBytes >> 20) + " MiB";
          relay->done = true;
          break;
        }
        Json chunk = Json::parse(text, nullptr, false);
        if (!chunk.is_object()) continue;
        relay->offset++;
        relay->builder.apply(chunk);
        relay->dirty = true;
        if (chunk.value("type", Json()) == "tool-approval-request") {
          relay->events.push_back(make_event(context_, relay->session.project_id, "chat.approval_requested",
                                             Json{{"sessionId", relay->session.id},
                                                  {"messageId", relay->message.id},
                                                  {"approvalId", chunk.value("approvalId", Json())},
                                                  {"toolCallId", chunk.value("toolCallId", Json())}}.dump()));
        }
        relay->turn->append(std::move(text));
      }
      if (stream->done()) relay->done = true;
    }
  }
  if (relay->bytes > kMaxTurnBytes) {
    const auto access = sandbox_access(relay->session);
    (void)co_await client_.cancel_turn(access);
  }
  if (!relay->builder.finished()) {
    if (relay->interruption.empty()) relay->interruption = "the turn ended without finishing";
    const Json error = {{"type", "error"}, {"errorText", relay->interruption}};
    const Json finish = {{"type", "finish"}, {"finishReason", "error"}};
    relay->builder.apply(error);
    relay->turn->append(error.dump());
    relay->turn->append(finish.dump());
  }
  relay->done = true;
}

// The only writer of a relayed turn's rows: every kFlushInterval while it streams, then the last
// write, the usage totals and the session's status.
asio::awaitable<void> ChatService::persist_turn(std::shared_ptr<Relay> relay) {
  while (!relay->done) {
    co_await sleep_for(kFlushInterval);
    if (relay->dirty) co_await flush(*relay, false);
  }
  co_await flush(*relay, true);
  sandboxes_.mark_running(relay->session, false);
  release(relay->session.id);
  relay->turn->end();
}

asio::awaitable<void> ChatService::flush(Relay& relay, bool final) {
  relay.dirty = false;
  store::Message message = relay.message;
  message.parts_json = relay.builder.parts().dump(-1, ' ', false, Json::error_handler_t::replace);
  message.metadata_json = relay.builder.metadata().dump(-1, ' ', false, Json::error_handler_t::replace);
  store::Session session = relay.session;
  session.chat_offset = relay.offset;
  const Json& metadata = relay.builder.metadata();
  if (metadata.contains("acpSessionId") && metadata["acpSessionId"].is_string()) {
    session.acp_session_id = metadata["acpSessionId"];
  }
  std::vector<store::EventDraft> events = std::move(relay.events);
  relay.events.clear();
  store::Usage added;
  if (final) {
    message.status = relay.builder.finished() && relay.interruption.empty() ? "complete" : "interrupted";
    added = usage_of(metadata);
    session.input_tokens += added.input_tokens;
    session.output_tokens += added.output_tokens;
    session.cached_tokens += added.cached_tokens;
    session.cost_micros += added.cost_micros;
    count_usage(session.project_id, relay.agent_type, added);
    session.chat_message_id.clear();
    session.last_active_at = context_.now_ms();
    events.push_back(make_event(context_, session.project_id, "chat.finished",
                                Json{{"sessionId", session.id},
                                     {"messageId", message.id},
                                     {"status", message.status},
                                     {"finishReason", relay.builder.finish_reason()}}.dump()));
  }
  auto written = co_await async::run_on(context_.blocking, [&]() -> Result<> {
    const auto updated = make_event(context_, session.project_id, "message.updated", wire::render(message));
    auto saved = context_.store.update_message(message, final ? &updated : nullptr);
    if (!saved) return describe(saved.error(), "message");
    std::optional<store::EventDraft> session_event;
    if (final) session_event = make_event(context_, session.project_id, "session.updated", wire::render(session));
    auto chat = context_.store.update_session_chat(session, session_event ? &*session_event : nullptr,
                                                   final ? &added : nullptr);
    if (!chat) return describe(chat.error(), "session");
    for (const auto& event : events) {
      if (auto appended = context_.store.append_event(event); !appended) return describe(appended.error(), "event");
    }
    context_.hub.notify();
    return {};
  });
  if (!written) {
    log::warn("cannot record a chat turn", Json{{"sessionId", session.id}, {"error", written.error().message}});
    relay.dirty = true;
    co_return;
  }
  relay.session.acp_session_id = session.acp_session_id;
  relay.session.chat_offset = session.chat_offset;
  if (final) relay.session = session;
}

// ---- requests forwarded to the agent API ----

asio::awaitable<Result<>> ChatService::cancel(std::string project_id, std::string session_id) {
  if (!current(session_id)) co_return Error::invalid_state("no turn is running in this session");
  auto session = co_await load(project_id, session_id);
  if (!session) co_return session.error();
  const auto access = sandbox_access(*session);
  auto cancelled = co_await client_.cancel_turn(access);
  if (!cancelled) co_return Error::unavailable(cancelled.error().message);
  co_return Result<>{};
}

asio::awaitable<Result<>> ChatService::answer(std::string project_id, std::string session_id, std::string approval_id,
                                              Json body) {
  if (!current(session_id)) co_return Error::invalid_state("no turn is running in this session");
  auto session = co_await load(project_id, session_id);
  if (!session) co_return session.error();
  const auto access = sandbox_access(*session);
  auto answered = co_await client_.answer_approval(access, approval_id, body);
  if (!answered) {
    if (answered.error().code == runtime::RuntimeError::Code::not_found) {
      co_return Error::not_found("no pending approval \"" + approval_id + "\" in this session");
    }
    co_return Error::unavailable(answered.error().message);
  }
  co_return Result<>{};
}

// ---- after a restart ----

void ChatService::start() { asio::co_spawn(context_.io, resume_turns(), asio::detached); }

// Each turn that was being relayed when the server stopped: once start-up reconciliation has settled
// its sandbox, re-attach from the start of the agent API's buffer (the message is rebuilt), or mark
// the message interrupted when the sandbox did not survive.
asio::awaitable<void> ChatService::resume_turns() {
  auto sessions = co_await async::run_on(context_.blocking, [&] {
    return context_.store.list_sessions_in_status({status::initializing, status::creating_sandbox, status::ready,
                                                   status::running, status::stopped, status::error});
  });
  if (!sessions) co_return;
  for (const store::Session& stale : *sessions) {
    if (stale.chat_message_id.empty()) continue;
    const auto deadline = std::chrono::steady_clock::now() + settings_.start_timeout;
    Result<store::Session> session = stale;
    // The sandbox's reconciliation marks a re-attached session ready (also one that was running).
    while (session && session->status == status::running && std::chrono::steady_clock::now() < deadline) {
      co_await sleep_for(std::chrono::milliseconds(100));
      session = co_await load(stale.project_id, stale.id);
    }
    if (!session) continue;
    auto messages = co_await async::run_on(context_.blocking, [&] {
      return context_.store.list_messages(stale.project_id, stale.id);
    });
    if (!messages) continue;
    auto message = std::find_if(messages->begin(), messages->end(),
                                [&](const store::Message& m) { return m.id == stale.chat_message_id; });
    if (message == messages->end()) continue;
    auto turn = claim(stale.id, message->id);
    if (!turn) continue;
    auto relay = std::make_shared<Relay>();
    relay->turn = turn;
    relay->session = *session;
    relay->agent_turn = session->chat_turn;
    auto agent = co_await async::run_on(context_.blocking, [&] {
      return session->agent_id.empty() ? context_.store.find_default_agent(stale.project_id)
                                       : context_.store.find_agent(stale.project_id, session->agent_id);
    });
    relay->agent_type = agent ? agent->type : "unknown";
    relay->message = *message;
    if (session->status == status::ready) {
      log::info("re-attaching to a running chat turn", Json{{"sessionId", stale.id}, {"persistedChunks", session->chat_offset}});
      sandboxes_.mark_running(relay->session, true);
      asio::co_spawn(asio::make_strand(context_.io), relay_turn(relay), asio::detached);
    } else {
      relay->interruption = "the sandbox stopped while the server was down; the reply so far is kept";
      relay->builder = proto::UiMessageBuilder(Json::parse(message->parts_json, nullptr, false),
                                               Json::parse(message->metadata_json, nullptr, false));
      relay->done = true;
      asio::co_spawn(asio::make_strand(context_.io), persist_turn(relay), asio::detached);
    }
  }
}

}  // namespace octobot::service
