// SessionStore: sessions, their references and keyset pagination.
#include "server/store/page_cursor.hpp"
#include "tests/unit/server/store/store_fixture.hpp"

#include <algorithm>
#include <set>

namespace octobot::store::testing {
namespace {

// Every page of list_sessions, following next_cursor to the end.
std::vector<Page<Session>> all_pages(Store& store, const std::string& project_id, const std::string& workspace_id,
                                     std::size_t limit) {
  std::vector<Page<Session>> pages;
  PageRequest request{limit, ""};
  do {
    pages.push_back(must(store.list_sessions(project_id, workspace_id, request)));
    request.cursor = pages.back().next_cursor;
  } while (!request.cursor.empty() && pages.size() < 100);
  return pages;
}

std::vector<std::string> ids_of(const std::vector<Page<Session>>& pages) {
  std::vector<std::string> ids;
  for (const Page<Session>& page : pages) {
    for (const Session& s : page.items) ids.push_back(s.id);
  }
  return ids;
}

}  // namespace

TEST_CASE_METHOD(StoreFixture, "sessions round-trip, with or without an agent", "[store][sessions]") {
  add_project("p1");
  add_workspace("p1", "w1");
  must(store->create_agent(agent("p1", "a1"), event("p1", "agent.created")));

  Session with_agent = session("p1", "w1", "s1", 1234);
  with_agent.agent_id = "a1";
  with_agent.error_message = "none yet";
  must(store->create_session(with_agent, event("p1", "session.created")));
  add_session("p1", "w1", "s2");

  const Session found = must(store->find_session("p1", "s1"));
  CHECK(found.project_id == "p1");
  CHECK(found.workspace_id == "w1");
  CHECK(found.agent_id == "a1");
  CHECK(found.name == "session s1");
  CHECK(found.status == "initializing");
  CHECK(found.error_message == "none yet");
  CHECK(found.created_at == 1234);
  CHECK(found.updated_at == 1234);
  CHECK(must(store->find_session("p1", "s2")).agent_id.empty());

  // Deleting the agent leaves its sessions without one.
  must(store->delete_agent("p1", "a1", event("p1", "agent.deleted")));
  CHECK(must(store->find_session("p1", "s1")).agent_id.empty());
  CHECK(outcome(store->create_session(session("p1", "w1", "s1"), event("p1", "session.created"))) == "conflict");
}

TEST_CASE_METHOD(StoreFixture, "a session only references its own project's rows", "[store][sessions]") {
  add_project("p1");
  add_project("p2");
  add_workspace("p1", "w1");
  add_workspace("p2", "w2");
  must(store->create_agent(agent("p2", "a2"), event("p2", "agent.created")));

  CHECK(outcome(store->create_session(session("p1", "w2", "s1"), event("p1", "session.created"))) == "not_found");
  CHECK(outcome(store->create_session(session("p1", "nope", "s1"), event("p1", "session.created"))) == "not_found");
  Session foreign_agent = session("p1", "w1", "s1");
  foreign_agent.agent_id = "a2";
  CHECK(outcome(store->create_session(foreign_agent, event("p1", "session.created"))) == "not_found");
  CHECK(outcome(store->find_session("p1", "s1")) == "not_found");

  add_session("p1", "w1", "s1");
  CHECK(outcome(store->update_session(foreign_agent, event("p1", "session.updated"))) == "not_found");
  CHECK(outcome(store->find_session("p2", "s1")) == "not_found");
  CHECK(outcome(store->update_session(session("p2", "w2", "s1"), event("p2", "session.updated"))) == "not_found");
  CHECK(outcome(store->delete_session("p2", "s1", event("p2", "session.deleted"))) == "not_found");
  CHECK(outcome(store->list_sessions("p2", "w1", {})) == "not_found");
  CHECK(must(store->find_session("p1", "s1")).id == "s1");
}

TEST_CASE_METHOD(StoreFixture, "a session is updated and deleted", "[store][sessions]") {
  add_project("p1");
  add_workspace("p1", "w1");
  add_session("p1", "w1", "s1", 500);

  Session updated = session("p1", "w1", "s1", 999);  // created_at does not change
  updated.status = "error";
  updated.error_message = "sandbox failed";
  updated.name = "renamed";
  updated.updated_at = 2000;
  must(store->update_session(updated, event("p1", "session.updated")));
  must(store->update_session_state(updated, event("p1", "session.updated")));
  const Session found = must(store->find_session("p1", "s1"));
  CHECK(found.status == "error");
  CHECK(found.error_message == "sandbox failed");
  CHECK(found.name == "renamed");
  CHECK(found.created_at == 500);
  CHECK(found.updated_at == 2000);
  CHECK(outcome(store->update_session(session("p1", "w1", "nope"), event("p1", "session.updated"))) == "not_found");

  must(store->create_message(message("p1", "s1", "m1"), event("p1", "message.created")));
  must(store->delete_session("p1", "s1", event("p1", "session.deleted")));
  CHECK(outcome(store->find_session("p1", "s1")) == "not_found");
  CHECK(outcome(store->delete_session("p1", "s1", event("p1", "session.deleted"))) == "not_found");
  add_session("p1", "w1", "s2");
  must(store->create_message(message("p1", "s2", "m1"), event("p1", "message.created")));  // m1 went with s1
}

TEST_CASE_METHOD(StoreFixture, "sessions are paged newest first in a stable order", "[store][sessions][pages]") {
  add_project("p1");
  add_project("p2");
  add_workspace("p1", "w1");
  add_workspace("p1", "w2");
  add_workspace("p2", "w3");
  // 120 sessions in p1 over 40 distinct times (3 per time, so ties on
  // created_at are broken by id), alternating workspaces; noise in p2.
  std::vector<Session> expected;
  for (int i = 0; i < 120; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "s%03d", (i * 37) % 120);  // ids not in time order
    const Session s = session("p1", i % 2 ? "w1" : "w2", id, 10'000 + i / 3);
    must(store->create_session(s, event("p1", "session.created")));
    expected.push_back(s);
  }
  add_session("p2", "w3", "other", 99'999);
  std::sort(expected.begin(), expected.end(), [](const Session& a, const Session& b) {
    return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
  });

  const std::vector<Page<Session>> pages = all_pages(*store, "p1", "", 50);
  REQUIRE(pages.size() == 3);
  CHECK(pages[0].items.size() == 50);
  CHECK(pages[1].items.size() == 50);
  CHECK(pages[2].items.size() == 20);
  CHECK(pages[2].next_cursor.empty());
  std::vector<std::string> expected_ids;
  for (const Session& s : expected) expected_ids.push_back(s.id);
  CHECK(ids_of(pages) == expected_ids);

  // The workspace filter pages through its own sessions only.
  const std::vector<std::string> w1_ids = ids_of(all_pages(*store, "p1", "w1", 7));
  std::vector<std::string> expected_w1;
  for (const Session& s : expected) {
    if (s.workspace_id == "w1") expected_w1.push_back(s.id);
  }
  CHECK(w1_ids == expected_w1);

  // An exact multiple of the limit ends with an empty cursor, not an empty page.
  CHECK(all_pages(*store, "p1", "", 60).size() == 2);
  CHECK(all_pages(*store, "p1", "", 1000).front().items.size() == 120);
}

TEST_CASE_METHOD(StoreFixture, "a page cursor is unaffected by newer sessions", "[store][sessions][pages]") {
  add_project("p1");
  add_workspace("p1", "w1");
  for (int i = 0; i < 10; ++i) add_session("p1", "w1", "s" + std::to_string(i), 100 + i);

  const Page<Session> first = must(store->list_sessions("p1", "", {4, ""}));
  REQUIRE(first.items.size() == 4);
  CHECK(first.items.front().id == "s9");
  add_session("p1", "w1", "newest", 10'000);  // would shift an OFFSET-based page
  const Page<Session> second = must(store->list_sessions("p1", "", {4, first.next_cursor}));
  REQUIRE(second.items.size() == 4);
  CHECK(second.items.front().id == "s5");
  CHECK(second.items.back().id == "s2");
}

TEST_CASE_METHOD(StoreFixture, "a malformed cursor or an empty page size is invalid", "[store][sessions][pages]") {
  add_project("p1");
  add_workspace("p1", "w1");
  add_session("p1", "w1", "s1");
  const std::vector<std::string> malformed = {
      "not a cursor!", "%%%", "A", encode_cursor({5, ""}),
      "bm9jb2xvbg",  // "nocolon"
      "YWJjOmlk",    // "abc:id": not a number
  };
  for (const std::string& cursor : malformed) {
    INFO("cursor " << cursor);
    CHECK(outcome(store->list_sessions("p1", "", {10, cursor})) == "invalid");
  }
  CHECK(outcome(store->list_sessions("p1", "", {0, ""})) == "invalid");
  CHECK(must(store->list_sessions("p1", "", {10, encode_cursor({5, "zzz"})})).items.empty());
  CHECK(must(store->list_sessions("empty-project", "", {})).items.empty());
}


TEST_CASE_METHOD(StoreFixture, "a rename and a state change of one session both hold", "[store][sessions]") {
  add_project("p1");
  add_workspace("p1", "w1");
  add_session("p1", "w1", "s1", 500);
  Session seen_by_rename = must(store->find_session("p1", "s1"));
  Session seen_by_sandbox = seen_by_rename;

  seen_by_sandbox.status = "ready";
  seen_by_sandbox.container_id = "c0ffee";
  seen_by_sandbox.api_port = 49153;
  seen_by_sandbox.proxy_port = 49154;
  seen_by_sandbox.api_token = "api-token-0123456789";
  seen_by_sandbox.proxy_token = "proxy-token-0123456789";
  seen_by_sandbox.last_active_at = 1234;
  seen_by_sandbox.name = "stale name";
  must(store->update_session_state(seen_by_sandbox, event("p1", "session.updated")));
  seen_by_rename.name = "renamed";
  seen_by_rename.status = "initializing";  // stale: not written by update_session
  must(store->update_session(seen_by_rename, event("p1", "session.updated")));

  const Session found = must(store->find_session("p1", "s1"));
  CHECK(found.name == "renamed");
  CHECK(found.status == "ready");
  CHECK(found.container_id == "c0ffee");
  CHECK(found.api_port == 49153);
  CHECK(found.proxy_port == 49154);
  CHECK(found.api_token == "api-token-0123456789");
  CHECK(found.proxy_token == "proxy-token-0123456789");
  CHECK(found.last_active_at == 1234);
  CHECK(outcome(store->update_session_state(session("p1", "w1", "nope"), event("p1", "session.updated"))) ==
        "not_found");
}

TEST_CASE_METHOD(StoreFixture, "sessions are listed by status across projects", "[store][sessions]") {
  add_project("p1");
  add_project("p2");
  add_workspace("p1", "w1");
  add_workspace("p2", "w2");
  add_session("p1", "w1", "s1", 100);
  add_session("p2", "w2", "s2", 200);
  add_session("p1", "w1", "s3", 300);
  Session ready = must(store->find_session("p2", "s2"));
  ready.status = "ready";
  must(store->update_session_state(ready, event("p2", "session.updated")));

  auto listed = must(store->list_sessions_in_status({"ready", "initializing"}));
  std::vector<std::string> ids;
  for (const Session& s : listed) ids.push_back(s.id);
  CHECK(ids == std::vector<std::string>{"s2", "s1", "s3"});
  CHECK(must(store->list_sessions_in_status({"removing"})).empty());
}

}  // namespace octobot::store::testing
