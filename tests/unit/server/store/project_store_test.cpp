// ProjectStore: users, projects, membership, and deleting a project with all it owns.
#include "tests/unit/server/store/store_fixture.hpp"

namespace octobot::store::testing {

TEST_CASE_METHOD(StoreFixture, "users are created once and found by id", "[store][users]") {
  must(store->create_user(user("u1")));
  const User found = must(store->find_user("u1"));
  CHECK(found.name == "Name of u1");
  CHECK(found.email == "u1@example.com");
  CHECK(found.provider == "github");
  CHECK(found.subject == "gh-u1");
  CHECK(found.created_at == 100);

  CHECK(outcome(store->create_user(user("u1", "other-subject"))) == "conflict");
  CHECK(outcome(store->create_user(user("u2", "gh-u1"))) == "conflict");  // same provider identity
  CHECK(outcome(store->find_user("nobody")) == "not_found");
}

TEST_CASE_METHOD(StoreFixture, "a project is created with its owner", "[store][projects]") {
  add_project("p1");
  const Project found = must(store->find_project("p1"));
  CHECK(found.name == "Project p1");
  CHECK(found.updated_at == 100);

  const Member member = must(store->find_member("p1", "p1-owner"));
  CHECK(member.role == "owner");
  CHECK(outcome(store->find_member("p1", "stranger")) == "not_found");
  CHECK(outcome(store->find_project("nope")) == "not_found");

  CHECK(outcome(store->create_project(project("p1"), owner("p1", "p1-owner"), event("p1", "project.created"))) ==
        "conflict");
  CHECK(outcome(store->create_project(project("p2"), owner("p1", "p1-owner"), event("p2", "project.created"))) ==
        "invalid");
}

TEST_CASE_METHOD(StoreFixture, "a project whose owner is not a user is not created", "[store][projects]") {
  CHECK(outcome(store->create_project(project("p1"), owner("p1", "ghost"), event("p1", "project.created"))) ==
        "not_found");
  CHECK(outcome(store->find_project("p1")) == "not_found");
  CHECK(must(store->last_event_id()) == 0);
}

TEST_CASE_METHOD(StoreFixture, "projects of a user are listed oldest first", "[store][projects]") {
  add_user("u1");
  Project older = project("b-older");
  older.created_at = 10;
  Project newer = project("a-newer");
  newer.created_at = 20;
  must(store->create_project(newer, owner(newer.id, "u1"), event(newer.id, "project.created")));
  must(store->create_project(older, owner(older.id, "u1"), event(older.id, "project.created")));
  add_project("someone-elses");

  const std::vector<Project> projects = must(store->list_projects_for_user("u1"));
  REQUIRE(projects.size() == 2);
  CHECK(projects[0].id == "b-older");
  CHECK(projects[1].id == "a-newer");
  CHECK(must(store->list_projects_for_user("nobody")).empty());
}

TEST_CASE_METHOD(StoreFixture, "a project is updated, a missing one is not_found", "[store][projects]") {
  add_project("p1");
  Project renamed = project("p1");
  renamed.name = "Renamed";
  renamed.updated_at = 900;
  must(store->update_project(renamed, event("p1", "project.updated")));
  const Project found = must(store->find_project("p1"));
  CHECK(found.name == "Renamed");
  CHECK(found.updated_at == 900);
  CHECK(found.created_at == 100);
  CHECK(outcome(store->update_project(project("nope"), event("nope", "project.updated"))) == "not_found");
}

TEST_CASE_METHOD(StoreFixture, "deleting a project deletes everything it owns, and only that", "[store][projects]") {
  for (const std::string id : {"doomed", "kept"}) {
    add_project(id);
    add_workspace(id, id + "-ws");
    add_session(id, id + "-ws", id + "-s");
    must(store->create_agent(agent(id, id + "-agent"), event(id, "agent.created")));
    must(store->create_credential(credential(id, id + "-cred"), event(id, "credential.created")));
    must(store->create_message(message(id, id + "-s", id + "-m"), event(id, "message.created")));
  }

  must(store->delete_project("doomed", event("doomed", "project.deleted", "doomed")));

  CHECK(outcome(store->find_project("doomed")) == "not_found");
  CHECK(outcome(store->find_member("doomed", "doomed-owner")) == "not_found");
  CHECK(outcome(store->find_workspace("doomed", "doomed-ws")) == "not_found");
  CHECK(outcome(store->find_session("doomed", "doomed-s")) == "not_found");
  CHECK(outcome(store->find_agent("doomed", "doomed-agent")) == "not_found");
  CHECK(outcome(store->find_credential("doomed", "doomed-cred")) == "not_found");
  CHECK(outcome(store->list_messages("doomed", "doomed-s")) == "not_found");
  CHECK(must(store->find_user("doomed-owner")).id == "doomed-owner");  // users outlive projects

  // Only the deletion event is left of the project's log.
  const std::vector<Event> events = must(store->list_events_after("doomed", 0, 100));
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "project.deleted");

  CHECK(must(store->find_session("kept", "kept-s")).id == "kept-s");
  CHECK(must(store->list_messages("kept", "kept-s")).size() == 1);
  CHECK(must(store->list_events_after("kept", 0, 100)).size() == 6);
  CHECK(outcome(store->delete_project("doomed", event("doomed", "project.deleted"))) == "not_found");
}

}  // namespace octobot::store::testing
