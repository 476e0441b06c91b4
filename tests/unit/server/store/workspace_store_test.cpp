// WorkspaceStore: workspaces, project scoping, unique display names, cascades.
#include "tests/unit/server/store/store_fixture.hpp"

namespace octobot::store::testing {

TEST_CASE_METHOD(StoreFixture, "workspaces round-trip every field", "[store][workspaces]") {
  add_project("p1");
  Workspace w = workspace("p1", "w1", "My repo");
  w.source_type = "git";
  w.status = "error";
  w.error_message = "clone failed";
  w.mirror_path = "/data/mirrors/w1.git";
  w.commit_sha = "0123456789abcdef";
  must(store->create_workspace(w, event("p1", "workspace.created", "w1")));

  const Workspace found = must(store->find_workspace("p1", "w1"));
  CHECK(found.id == "w1");
  CHECK(found.project_id == "p1");
  CHECK(found.display_name == "My repo");
  CHECK(found.path == "/src/w1");
  CHECK(found.source_type == "git");
  CHECK(found.status == "error");
  CHECK(found.error_message == "clone failed");
  CHECK(found.mirror_path == "/data/mirrors/w1.git");
  CHECK(found.commit_sha == "0123456789abcdef");
  CHECK(found.created_at == 200);
  CHECK(found.updated_at == 200);
}

TEST_CASE_METHOD(StoreFixture, "workspaces are listed oldest first, per project", "[store][workspaces]") {
  add_project("p1");
  add_project("p2");
  Workspace second = workspace("p1", "a-second");
  second.created_at = 300;
  must(store->create_workspace(second, event("p1", "workspace.created")));
  add_workspace("p1", "z-first");
  add_workspace("p2", "other");

  const std::vector<Workspace> listed = must(store->list_workspaces("p1"));
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].id == "z-first");
  CHECK(listed[1].id == "a-second");
  CHECK(must(store->list_workspaces("no-such-project")).empty());
}

TEST_CASE_METHOD(StoreFixture, "a workspace display name is unique within its project", "[store][workspaces]") {
  add_project("p1");
  add_project("p2");
  must(store->create_workspace(workspace("p1", "w1", "repo"), event("p1", "workspace.created")));
  CHECK(outcome(store->create_workspace(workspace("p1", "w2", "repo"), event("p1", "workspace.created"))) ==
        "conflict");
  must(store->create_workspace(workspace("p2", "w3", "repo"), event("p2", "workspace.created")));

  must(store->create_workspace(workspace("p1", "w4", "another"), event("p1", "workspace.created")));
  CHECK(outcome(store->update_workspace(workspace("p1", "w4", "repo"), event("p1", "workspace.updated"))) ==
        "conflict");
  CHECK(must(store->find_workspace("p1", "w4")).display_name == "another");
  CHECK(outcome(store->create_workspace(workspace("p1", "w1", "fresh name"), event("p1", "workspace.created"))) ==
        "conflict");  // same id
}

TEST_CASE_METHOD(StoreFixture, "a workspace of a missing project is not created", "[store][workspaces]") {
  CHECK(outcome(store->create_workspace(workspace("ghost", "w1"), event("ghost", "workspace.created"))) ==
        "not_found");
}

TEST_CASE_METHOD(StoreFixture, "workspaces are updated and deleted only in their project", "[store][workspaces]") {
  add_project("p1");
  add_project("p2");
  add_workspace("p1", "w1");

  CHECK(outcome(store->find_workspace("p2", "w1")) == "not_found");
  Workspace moved = workspace("p2", "w1", "hijacked");
  CHECK(outcome(store->update_workspace(moved, event("p2", "workspace.updated"))) == "not_found");
  CHECK(outcome(store->delete_workspace("p2", "w1", event("p2", "workspace.deleted"))) == "not_found");
  CHECK(must(store->find_workspace("p1", "w1")).display_name == "ws w1");

  Workspace updated = workspace("p1", "w1", "renamed");
  updated.status = "cloning";
  updated.updated_at = 777;
  must(store->update_workspace(updated, event("p1", "workspace.updated")));
  const Workspace found = must(store->find_workspace("p1", "w1"));
  CHECK(found.display_name == "renamed");
  CHECK(found.status == "cloning");
  CHECK(found.updated_at == 777);

  must(store->delete_workspace("p1", "w1", event("p1", "workspace.deleted")));
  CHECK(outcome(store->find_workspace("p1", "w1")) == "not_found");
  CHECK(outcome(store->delete_workspace("p1", "w1", event("p1", "workspace.deleted"))) == "not_found");
}

TEST_CASE_METHOD(StoreFixture, "deleting a workspace deletes its sessions and their messages", "[store][workspaces]") {
  add_project("p1");
  add_workspace("p1", "w1");
  add_workspace("p1", "w2");
  add_session("p1", "w1", "s1");
  add_session("p1", "w2", "s2");
  must(store->create_message(message("p1", "s1", "m1"), event("p1", "message.created")));
  must(store->create_message(message("p1", "s2", "m2"), event("p1", "message.created")));

  must(store->delete_workspace("p1", "w1", event("p1", "workspace.deleted")));

  CHECK(outcome(store->find_session("p1", "s1")) == "not_found");
  CHECK(outcome(store->list_messages("p1", "s1")) == "not_found");
  CHECK(must(store->find_session("p1", "s2")).workspace_id == "w2");
  CHECK(must(store->list_messages("p1", "s2")).size() == 1);
  // The message id of the deleted session is free again: its row is gone.
  must(store->create_message(message("p1", "s2", "m1"), event("p1", "message.created")));
}

}  // namespace octobot::store::testing
