// MessageStore: messages per session, in creation order, scoped by project.
#include "tests/unit/server/store/store_fixture.hpp"

namespace octobot::store::testing {

TEST_CASE_METHOD(StoreFixture, "messages are kept per session in creation order", "[store][messages]") {
  add_project("p1");
  add_project("p2");
  add_workspace("p1", "w1");
  add_session("p1", "w1", "s1");
  add_session("p1", "w1", "s2");

  // Same millisecond: insertion order decides; ids deliberately unordered.
  must(store->create_message(message("p1", "s1", "zz-user", 700), event("p1", "message.created")));
  Message reply = message("p1", "s1", "aa-assistant", 700);
  reply.role = "assistant";
  must(store->create_message(reply, event("p1", "message.created")));
  must(store->create_message(message("p1", "s1", "mm-earlier", 600), event("p1", "message.created")));
  must(store->create_message(message("p1", "s2", "other"), event("p1", "message.created")));

  std::vector<Message> listed = must(store->list_messages("p1", "s1"));
  REQUIRE(listed.size() == 3);
  CHECK(listed[0].id == "mm-earlier");
  CHECK(listed[1].id == "zz-user");
  CHECK(listed[2].id == "aa-assistant");
  CHECK(listed[2].role == "assistant");
  CHECK(listed[1].parts_json == R"([{"type":"text","text":"hi"}])");
  CHECK(listed[1].session_id == "s1");
  CHECK(listed[1].created_at == 700);

  reply.parts_json = R"([{"type":"text","text":"streamed answer"}])";
  const auto updated = event("p1", "message.updated");
  must(store->update_message(reply, &updated));
  listed = must(store->list_messages("p1", "s1"));
  CHECK(listed[2].parts_json == reply.parts_json);

  CHECK(outcome(store->create_message(message("p1", "s1", "zz-user"), event("p1", "message.created"))) ==
        "conflict");
  CHECK(outcome(store->create_message(message("p2", "s1", "m9"), event("p2", "message.created"))) == "not_found");
  CHECK(outcome(store->list_messages("p2", "s1")) == "not_found");
  Message foreign = reply;
  foreign.project_id = "p2";
  CHECK(outcome(store->update_message(foreign, &updated)) == "not_found");
  CHECK(outcome(store->update_message(message("p1", "s1", "nope"), nullptr)) == "not_found");
}

}  // namespace octobot::store::testing
