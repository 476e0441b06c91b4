// EventStore: the event log, and mutations that are written together with their
// event or not at all.
#include "tests/unit/server/store/store_fixture.hpp"

namespace octobot::store::testing {
namespace {

// An event the events table refuses (its type must not be empty), so the
// mutation's transaction fails at its very last statement.
EventDraft failing_event(const std::string& project_id) { return EventDraft{project_id, "", "{}", 1}; }

}  // namespace

TEST_CASE_METHOD(StoreFixture, "every mutation appends one event with an increasing id", "[store][events]") {
  CHECK(must(store->last_event_id()) == 0);
  add_project("p1");
  add_project("p2");
  add_workspace("p1", "w1");
  add_workspace("p2", "w2");
  add_session("p1", "w1", "s1");
  must(store->update_session(session("p1", "w1", "s1"), event("p1", "session.updated", "s1")));

  const std::vector<Event> events = must(store->list_events_after("p1", 0, 100));
  REQUIRE(events.size() == 4);
  CHECK(events[0].type == "project.created");
  CHECK(events[1].type == "workspace.created");
  CHECK(events[2].type == "session.created");
  CHECK(events[3].type == "session.updated");
  CHECK(events[3].data_json == R"({"id":"s1"})");
  CHECK(events[3].project_id == "p1");
  CHECK(events[3].created_at == 5000);
  for (std::size_t i = 1; i < events.size(); ++i) CHECK(events[i].id > events[i - 1].id);

  const std::vector<Event> p2_events = must(store->list_events_after("p2", 0, 100));
  REQUIRE(p2_events.size() == 2);
  CHECK(must(store->last_event_id()) == std::max(events.back().id, p2_events.back().id));
}

TEST_CASE_METHOD(StoreFixture, "list_events_after resumes after an id, at most limit", "[store][events]") {
  add_project("p1");
  for (int i = 0; i < 9; ++i) add_workspace("p1", "w" + std::to_string(i));
  const std::vector<Event> all = must(store->list_events_after("p1", 0, 100));
  REQUIRE(all.size() == 10);

  const std::vector<Event> tail = must(store->list_events_after("p1", all[6].id, 100));
  REQUIRE(tail.size() == 3);
  CHECK(tail[0].id == all[7].id);
  const std::vector<Event> limited = must(store->list_events_after("p1", all[2].id, 2));
  REQUIRE(limited.size() == 2);
  CHECK(limited[1].id == all[4].id);
  CHECK(must(store->list_events_after("p1", all.back().id, 100)).empty());
  CHECK(must(store->list_events_after("p1", 0, 0)).empty());
  CHECK(must(store->list_events_after("nobody", 0, 100)).empty());
}

TEST_CASE_METHOD(StoreFixture, "a mutation whose event fails writes nothing", "[store][events]") {
  add_project("p1");
  add_workspace("p1", "w1");
  add_session("p1", "w1", "s1");
  must(store->create_agent(agent("p1", "a1"), event("p1", "agent.created")));
  const std::int64_t last = must(store->last_event_id());

  CHECK(outcome(store->create_workspace(workspace("p1", "w2"), failing_event("p1"))) == "invalid");
  CHECK(outcome(store->find_workspace("p1", "w2")) == "not_found");

  Workspace renamed = workspace("p1", "w1", "renamed");
  CHECK(outcome(store->update_workspace(renamed, failing_event("p1"))) == "invalid");
  CHECK(must(store->find_workspace("p1", "w1")).display_name == "ws w1");

  CHECK(outcome(store->delete_session("p1", "s1", failing_event("p1"))) == "invalid");
  CHECK(must(store->find_session("p1", "s1")).id == "s1");

  // Several statements (clear the old default, insert) all roll back.
  CHECK(outcome(store->create_agent(agent("p1", "a2", 2000, true), failing_event("p1"))) == "invalid");
  CHECK(outcome(store->find_agent("p1", "a2")) == "not_found");
  CHECK(must(store->find_default_agent("p1")).id == "a1");

  // The cascade of a project deletion rolls back too.
  CHECK(outcome(store->delete_project("p1", failing_event("p1"))) == "invalid");
  CHECK(must(store->find_session("p1", "s1")).id == "s1");
  CHECK(must(store->list_events_after("p1", 0, 100)).size() == 4);

  CHECK(must(store->last_event_id()) == last);
}

}  // namespace octobot::store::testing
