// server/service/sessions: creating sessions (workspace and agent rules),
// paging, renaming, deleting, their messages; the domain errors and events.
#include "server/service/agents.hpp"
#include "server/service/sessions.hpp"
#include "tests/unit/server/service/service_fixture.hpp"

#include <nlohmann/json.hpp>

namespace octobot::service::testing {

namespace {

AgentInput agent_input(const std::string& name, std::optional<bool> is_default = std::nullopt) {
  AgentInput input;
  input.type = "claude-code";
  input.name = name;
  input.is_default = is_default;
  return input;
}

constexpr std::string_view kMissingId = "00000000-0000-4000-8000-00000000beef";

}  // namespace

TEST_CASE_METHOD(ServiceFixture, "a session starts initializing, without an agent when there is none",
                 "[service][sessions]") {
  SessionService sessions(context, sandboxes);
  const std::string project = add_project("P");
  const store::Workspace workspace = add_local_workspace(project, "w");
  (void)notified();
  const std::int64_t mark = last_event_id();

  const store::Session created = must(sessions.create(project, workspace.id, " First chat ", std::nullopt));
  CHECK(created.name == "First chat");
  CHECK(created.status == "initializing");
  CHECK(created.agent_id.empty());
  CHECK(created.workspace_id == workspace.id);
  CHECK(crypto::is_uuid(created.id));
  CHECK(created.api_token.size() >= 32);
  CHECK(created.proxy_token.size() >= 32);
  CHECK(created.api_token != created.proxy_token);
  CHECK(must(sessions.get(project, created.id)).api_token == created.api_token);  // stored with the session
  CHECK(notified());

  const std::vector<store::Event> events = events_since(project, mark);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "session.created");
  const auto data = nlohmann::json::parse(events[0].data_json);
  CHECK(data["id"] == created.id);
  CHECK(data["agentId"].is_null());
  CHECK(events[0].data_json.find(created.api_token) == std::string::npos);  // tokens are never rendered
  CHECK(events[0].data_json.find(created.proxy_token) == std::string::npos);

  CHECK(must(sessions.get(project, created.id)).name == "First chat");
}

TEST_CASE_METHOD(ServiceFixture, "a session uses the given agent, else the project's default",
                 "[service][sessions]") {
  SessionService sessions(context, sandboxes);
  AgentService agents(context);
  const std::string project = add_project("P");
  const std::string other_project = add_project("Q");
  const store::Workspace workspace = add_local_workspace(project, "w");
  const store::Agent first = must(agents.create(project, agent_input("first")));
  const store::Agent second = must(agents.create(project, agent_input("second")));
  const store::Agent foreign = must(agents.create(other_project, agent_input("foreign")));
  REQUIRE(first.is_default);

  CHECK(must(sessions.create(project, workspace.id, "default", std::nullopt)).agent_id == first.id);
  CHECK(must(sessions.create(project, workspace.id, "chosen", second.id)).agent_id == second.id);
  // Ids are matched in any case and stored lowercase.
  std::string upper = second.id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(must(sessions.create(project, workspace.id, "upper", upper)).agent_id == second.id);

  const std::int64_t mark = last_event_id();
  CHECK(outcome_detail(sessions.create(project, workspace.id, "bad id", std::string("first"))) ==
        "invalid/invalid_id");
  CHECK(outcome(sessions.create(project, workspace.id, "unknown", std::string(kMissingId))) == "not_found");
  auto other = sessions.create(project, workspace.id, "foreign", foreign.id);
  CHECK(outcome(other) == "not_found");  // an agent of another project is not found in this one
  CHECK(other.error().message.find("agent") != std::string::npos);
  CHECK(last_event_id() == mark);
}

TEST_CASE_METHOD(ServiceFixture, "a session needs a valid name and a workspace of its project",
                 "[service][sessions]") {
  SessionService sessions(context, sandboxes);
  const std::string project = add_project("P");
  const std::string other_project = add_project("Q");
  const store::Workspace workspace = add_local_workspace(project, "w");
  const store::Workspace foreign = add_local_workspace(other_project, "w");
  (void)notified();
  const std::int64_t mark = last_event_id();

  CHECK(outcome_detail(sessions.create(project, workspace.id, "  ", std::nullopt)) == "invalid/invalid_field");
  CHECK(outcome_detail(sessions.create(project, workspace.id, "a\x01", std::nullopt)) == "invalid/invalid_field");
  auto missing = sessions.create(project, kMissingId, "chat", std::nullopt);
  CHECK(outcome(missing) == "not_found");
  CHECK(missing.error().message == "workspace not found");
  CHECK(outcome(sessions.create(project, foreign.id, "chat", std::nullopt)) == "not_found");
  CHECK(last_event_id() == mark);
  CHECK_FALSE(notified());
}

TEST_CASE_METHOD(ServiceFixture, "sessions are listed in pages, per workspace or per project",
                 "[service][sessions]") {
  SessionService sessions(context, sandboxes);
  const std::string project = add_project("P");
  const store::Workspace one = add_local_workspace(project, "one");
  const store::Workspace two = add_local_workspace(project, "two");
  const store::Session a = must(sessions.create(project, one.id, "a", std::nullopt));
  const store::Session b = must(sessions.create(project, one.id, "b", std::nullopt));
  const store::Session c = must(sessions.create(project, two.id, "c", std::nullopt));

  const store::Page<store::Session> first = must(sessions.list(project, "", {2, ""}));
  REQUIRE(first.items.size() == 2);
  CHECK(first.items[0].id == c.id);  // newest first
  CHECK(first.items[1].id == b.id);
  REQUIRE_FALSE(first.next_cursor.empty());
  const store::Page<store::Session> rest = must(sessions.list(project, "", {2, first.next_cursor}));
  REQUIRE(rest.items.size() == 1);
  CHECK(rest.items[0].id == a.id);
  CHECK(rest.next_cursor.empty());

  const store::Page<store::Session> of_one = must(sessions.list(project, one.id, {50, ""}));
  REQUIRE(of_one.items.size() == 2);
  CHECK(of_one.items[1].id == a.id);

  CHECK(outcome_detail(sessions.list(project, "", {2, "not a cursor!"})) == "invalid/invalid_cursor");
  CHECK(outcome(sessions.list(project, kMissingId, {})) == "not_found");
  CHECK(outcome(sessions.list(add_project("Q"), one.id, {})) == "not_found");
}

TEST_CASE_METHOD(ServiceFixture, "a session is renamed and deleted, only in its project", "[service][sessions]") {
  SessionService sessions(context, sandboxes);
  const std::string project = add_project("P");
  const std::string other_project = add_project("Q");
  const store::Workspace workspace = add_local_workspace(project, "w");
  const store::Session session = must(sessions.create(project, workspace.id, "old", std::nullopt));
  (void)notified();
  const std::int64_t mark = last_event_id();

  const store::Session renamed = must(sessions.rename(project, session.id, "new"));
  CHECK(renamed.name == "new");
  CHECK(renamed.status == "initializing");  // renaming never moves the status
  CHECK(renamed.updated_at > session.updated_at);
  CHECK(notified());
  CHECK(outcome_detail(sessions.rename(project, session.id, " ")) == "invalid/invalid_field");
  CHECK(outcome(sessions.rename(other_project, session.id, "x")) == "not_found");
  CHECK(outcome(sessions.remove(other_project, session.id)) == "not_found");

  // Removal marks the session at once; the sandbox and the row go in the background.
  const store::Session removing = must(sessions.remove(project, session.id));
  CHECK(removing.status == "removing");
  CHECK(notified());
  CHECK(must(sessions.get(project, session.id)).status == "removing");
  CHECK(must(sessions.remove(project, session.id)).status == "removing");  // asking again is fine
  CHECK(outcome(sessions.stop(project, session.id)) == "invalid_state");
  CHECK(outcome(sessions.start(project, session.id)) == "invalid_state");
  CHECK(event_types_since(project, mark) == std::vector<std::string>{"session.updated", "session.updated"});
  CHECK(nlohmann::json::parse(events_since(project, mark)[1].data_json)["status"] == "removing");
}

TEST_CASE_METHOD(ServiceFixture, "the messages of a session, oldest first", "[service][sessions]") {
  SessionService sessions(context, sandboxes);
  const std::string project = add_project("P");
  const store::Workspace workspace = add_local_workspace(project, "w");
  const store::Session session = must(sessions.create(project, workspace.id, "chat", std::nullopt));

  CHECK(must(sessions.messages(project, session.id)).empty());
  must(store->create_message({"m2", project, session.id, "assistant", "[]", 20}, make_event(context, project, "message.created", "{}")));
  must(store->create_message({"m1", project, session.id, "user", "[]", 10}, make_event(context, project, "message.created", "{}")));
  const std::vector<store::Message> messages = must(sessions.messages(project, session.id));
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].id == "m1");
  CHECK(messages[1].id == "m2");

  CHECK(outcome(sessions.messages(project, kMissingId)) == "not_found");
  CHECK(outcome(sessions.messages(add_project("Q"), session.id)) == "not_found");
}

}  // namespace octobot::service::testing
