#include "server/service/session_fork.hpp"

#include "lib/async/off_thread.hpp"
#include "lib/crypto/crypto.hpp"
#include "server/service/wire.hpp"

namespace octobot::service {

namespace asio = boost::asio;

namespace {

// The snapshot commit of `turn` and the base, from the agent API's GET /turns answer.
Result<std::pair<std::string, std::string>> find_snapshot(const runtime::AgentApiReply& reply, std::int64_t turn) {
  const Json& body = reply.body;
  if (reply.status != 200 || !body.is_object() || !body.contains("turns") || !body["turns"].is_array()) {
    return Error::unavailable("the source session's sandbox did not list its turns");
  }
  if (!body.contains("base") || !body["base"].is_string()) {
    return Error::invalid_state("the source session's workspace has no base commit");
  }
  for (const Json& entry : body["turns"]) {
    if (entry.is_object() && entry.value("turn", std::int64_t{-1}) == turn && entry.contains("commit") &&
        entry["commit"].is_string()) {
      return std::make_pair(entry["commit"].get<std::string>(), body["base"].get<std::string>());
    }
  }
  return Error::not_found("the session has no turn " + std::to_string(turn) + " (no snapshot of it)");
}

// The messages up to and including the turn-th assistant message.
std::vector<store::Message> messages_until_turn(const std::vector<store::Message>& messages, std::int64_t turn) {
  std::vector<store::Message> kept;
  std::int64_t answers = 0;
  for (const auto& message : messages) {
    if (answers == turn) break;
    kept.push_back(message);
    if (message.role == "assistant") ++answers;
  }
  return kept;
}

}  // namespace

Result<store::Session> SessionFork::create_copy(const store::Session& source, std::int64_t turn) {
  auto messages = context_.store.list_messages(source.project_id, source.id);
  if (!messages) return describe(messages.error(), "message");
  std::string name = (source.name.empty() ? std::string("Session") : source.name);
  const std::string suffix = " (fork at turn " + std::to_string(turn) + ")";
  if (name.size() + suffix.size() > 200) name.resize(200 - suffix.size());
  const auto agent = source.agent_id.empty() ? std::optional<std::string>() : std::optional<std::string>(source.agent_id);
  auto created = sessions_.create(source.project_id, source.workspace_id, name + suffix, agent);
  if (!created) return created.error();
  for (store::Message message : messages_until_turn(*messages, turn)) {
    message.id = crypto::uuid_v4();
    message.session_id = created->id;
    if (message.status == "streaming") message.status = "interrupted";
    auto copied = context_.store.create_message(
        message, make_event(context_, message.project_id, "message.created", wire::render(message)));
    if (!copied) return describe(copied.error(), "message");
  }
  context_.hub.notify();
  return created;
}

asio::awaitable<Result<Json>> SessionFork::fork(std::string project_id, std::string id, std::int64_t turn) {
  if (turn < 1) co_return Error::invalid("field \"turn\" must be a turn number (1 or more)", "invalid_field");
  auto source = co_await sandboxes_.wait_until_ready(project_id, id, kStartTimeout);
  if (!source) co_return source.error();
  const auto source_access = sandbox_access(*source);
  auto turns = co_await client_.turns(source_access);
  if (!turns) co_return Error::unavailable("the source session's sandbox: " + turns.error().message);
  auto snapshot = find_snapshot(*turns, turn);
  if (!snapshot) co_return snapshot.error();
  const std::string ref = "turns/" + std::to_string(turn);
  auto bundle = co_await client_.bundle_work(source_access, ref);
  if (!bundle) co_return Error::unavailable("the source session's sandbox could not bundle turn " +
                                            std::to_string(turn) + ": " + bundle.error().message);

  auto created = co_await async::run_on(context_.blocking, [&] { return create_copy(*source, turn); });
  if (!created) co_return created.error();
  auto fork = co_await sandboxes_.wait_until_ready(project_id, created->id, kStartTimeout);
  if (!fork) co_return fork.error();
  const auto fork_access = sandbox_access(*fork);
  auto restored = co_await client_.restore_snapshot(fork_access, std::move(*bundle), snapshot->first, snapshot->second);
  if (!restored || restored->status != 200) {
    const std::string why = restored ? restored->body.dump().substr(0, 300) : restored.error().message;
    co_return Error::unavailable("the new session could not start from turn " + std::to_string(turn) + ": " + why);
  }
  co_return Json{{"session", Json::parse(wire::render(*fork))},
                 {"forkedFrom", {{"sessionId", id}, {"turn", turn}}},
                 {"conversation", "transcript"}};
}

}  // namespace octobot::service
