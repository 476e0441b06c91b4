// server/service/context: the helpers every service shares: name and id
// validation, store errors told to a person, event drafts.
#include "server/service/context.hpp"
#include "tests/unit/server/service/service_fixture.hpp"

#include <catch2/catch.hpp>

namespace octobot::service::testing {

TEST_CASE("validate_name trims and checks a display name", "[service][context]") {
  CHECK(must(validate_name("name", "  My project\t")) == "My project");
  CHECK(must(validate_name("name", std::string(200, 'x'))) == std::string(200, 'x'));
  // 200 characters of two bytes each: the limit counts characters, not bytes.
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "\xC3\xA9";
  CHECK(must(validate_name("name", accented)) == accented);

  auto empty = validate_name("displayName", "   ");
  CHECK(outcome_detail(empty) == "invalid/invalid_field");
  CHECK(empty.error().message == "field \"displayName\" must not be empty");
  CHECK(outcome_detail(validate_name("name", std::string(201, 'x'))) == "invalid/invalid_field");
  CHECK(outcome_detail(validate_name("name", "line\nbreak")) == "invalid/invalid_field");
  CHECK(outcome_detail(validate_name("name", std::string("nul\0here", 8))) == "invalid/invalid_field");
  CHECK(outcome_detail(validate_name("name", "del\x7f")) == "invalid/invalid_field");
}

TEST_CASE("validate_id accepts a UUID in any case and stores it lowercase", "[service][context]") {
  CHECK(must(validate_id("agentId", "123E4567-E89B-12D3-A456-426614174000")) ==
        "123e4567-e89b-12d3-a456-426614174000");
  auto bad = validate_id("agentId", "local");
  CHECK(outcome_detail(bad) == "invalid/invalid_id");
  CHECK(bad.error().message.find("\"agentId\"") != std::string::npos);
  // A long bad id is quoted only in part.
  CHECK(validate_id("agentId", std::string(5000, 'z')).error().message.size() < 200);
}

TEST_CASE("describe turns store errors into messages a person can act on", "[service][context]") {
  using Code = Error::Code;
  CHECK(describe(store::Error{Code::not_found, "workspace w1 not found"}, "workspace").message ==
        "workspace not found");
  CHECK(describe(store::Error{Code::conflict, ""}, "agent").message == "agent conflicts with an existing one");
  CHECK(describe(store::Error{Code::conflict, "duplicate key"}, "agent").message == "duplicate key");
  CHECK(describe(store::Error{Code::invalid, "bad"}, "x").code == Code::invalid);
  const Error down = describe(store::Error{Code::unavailable, "cannot connect"}, "x");
  CHECK(down.code == Code::unavailable);
  CHECK(down.message == "the database is unavailable: cannot connect");
  const Error bug = describe(store::Error{Code::internal, "disk I/O error"}, "x");
  CHECK(bug.code == Code::internal);
  CHECK(bug.message == "database error: disk I/O error");
}

TEST_CASE_METHOD(ServiceFixture, "make_event drafts an event at the context's time", "[service][context]") {
  const store::EventDraft draft = make_event(context, "p1", "session.updated", R"({"id":"s1"})");
  CHECK(draft.project_id == "p1");
  CHECK(draft.type == "session.updated");
  CHECK(draft.data_json == R"({"id":"s1"})");
  CHECK(draft.created_at == clock_ms);
}

}  // namespace octobot::service::testing
