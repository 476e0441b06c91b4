// GET /api/projects/{projectId}/events: the event log as Server-Sent Events.
#include "tests/integration/openapi_check.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

using namespace octobot::testing;

namespace {

const std::string kEvents = "/api/projects/{projectId}/events";

std::string events_of(const std::string& project) { return "/api/projects/" + project + "/events"; }

std::vector<std::string> types_of(const std::vector<SseFrame>& frames) {
  std::vector<std::string> types;
  for (const auto& frame : frames) types.push_back(frame.event);
  return types;
}

bool is_event(const SseFrame& frame, const std::string& type, const std::string& resource_id) {
  if (frame.event != type) return false;
  Json event = Json::parse(frame.data, nullptr, false);
  return !event.is_discarded() && event["data"].value("id", "") == resource_id;
}

// Each frame carries its id and type, repeated in a data object that matches the Event schema.
void expect_well_formed(const std::vector<SseFrame>& frames, const std::string& project) {
  std::int64_t previous = 0;
  for (const auto& frame : frames) {
    INFO("id: " << frame.id << " event: " << frame.event << " data: " << frame.data);
    REQUIRE_FALSE(frame.id.empty());
    const std::int64_t id = std::stoll(frame.id);
    CHECK(id > previous);
    previous = id;
    Json event = Json::parse(frame.data, nullptr, false);
    REQUIRE_FALSE(event.is_discarded());
    CHECK(event["id"] == id);
    CHECK(event["type"] == frame.event);
    CHECK(event["projectId"] == project);
    CHECK(schema_problems(named_schema("Event"), event) == std::vector<std::string>{});
  }
}

}  // namespace

TEST_CASE_METHOD(ServerFixture, "events: Last-Event-ID 0 replays the whole log in order", "[events]") {
  auto workspace = create_workspace("local", "app");
  auto agent = create_agent("local", "helper");
  auto session = create_session("local", workspace["id"], "chat");
  REQUIRE(call(Method::patch, "/api/projects/local/sessions/" + session["id"].get<std::string>(), {{"name", "renamed"}})
              .status == 200);
  auto credential = create_credential("local", "key", "sk-events-0123456789");
  REQUIRE(call(Method::delete_, "/api/projects/local/sessions/" + session["id"].get<std::string>()).status == 202);

  SseReader reader(base_url(), events_of("local"), {{"Last-Event-ID", "0"}});
  REQUIRE(reader.status() == 200);
  CHECK(reader.header("Content-Type") == "text/event-stream");
  CHECK(reader.header("Cache-Control").find("no-cache") != std::string::npos);
  auto frames = reader.read_until([&](const SseFrame& f) { return is_event(f, "session.deleted", session["id"]); });
  // Without Docker, provisioning goes creating_sandbox → error; removal removing → removed.
  CHECK(types_of(frames) == std::vector<std::string>{"project.created", "workspace.created", "agent.created",
                                                     "session.created", "session.updated", "session.updated",
                                                     "session.updated", "credential.created", "session.updated",
                                                     "session.updated", "session.deleted"});
  expect_well_formed(frames, "local");
  std::vector<std::string> statuses;
  for (std::size_t i : {4, 5, 6, 8, 9}) statuses.push_back(Json::parse(frames[i].data)["data"]["status"]);
  CHECK(statuses == std::vector<std::string>{"creating_sandbox", "error", "error", "removing", "removed"});
  CHECK(Json::parse(frames[6].data)["data"]["name"] == "renamed");
  CHECK(Json::parse(frames[7].data)["data"]["id"] == credential["id"]);
}

TEST_CASE_METHOD(ServerFixture, "events: Last-Event-ID N replays only what came after N", "[events]") {
  for (int i = 0; i < 4; ++i) create_agent("local", "agent " + std::to_string(i));
  std::vector<SseFrame> all;
  {
    SseReader reader(base_url(), events_of("local"), {{"Last-Event-ID", "0"}});
    all = reader.read_until([](const SseFrame& f) {
      return f.event == "agent.created" && Json::parse(f.data)["data"]["name"] == "agent 3";
    });
  }
  REQUIRE(all.size() == 5);
  const std::string after = all[2].id;
  SECTION("in the header") {
    SseReader reader(base_url(), events_of("local"), {{"Last-Event-ID", after}});
    REQUIRE(reader.status() == 200);
    auto first = reader.next();
    REQUIRE(first);
    CHECK(first->id == all[3].id);
    CHECK(first->data == all[3].data);
  }
  SECTION("in the query") {
    SseReader reader(base_url(), events_of("local") + "?lastEventId=" + after);
    REQUIRE(reader.status() == 200);
    auto first = reader.next();
    REQUIRE(first);
    CHECK(first->id == all[3].id);
  }
  SECTION("the header wins over the query") {
    SseReader reader(base_url(), events_of("local") + "?lastEventId=0", {{"Last-Event-ID", after}});
    auto first = reader.next();
    REQUIRE(first);
    CHECK(first->id == all[3].id);
  }
}

TEST_CASE_METHOD(ServerFixture, "events: live changes arrive on an open stream", "[events]") {
  create_agent("local", "before");
  SseReader reader(base_url(), events_of("local"));  // no Last-Event-ID: live events only
  REQUIRE(reader.status() == 200);
  auto workspace = create_workspace("local", "live");
  auto frame = reader.next();
  REQUIRE(frame);
  CHECK(frame->event == "workspace.created");
  CHECK(Json::parse(frame->data)["data"]["id"] == workspace["id"]);
  expect_well_formed({*frame}, "local");

  REQUIRE(call(Method::delete_, "/api/projects/local/workspaces/" + workspace["id"].get<std::string>()).status == 204);
  auto deleted = reader.next();
  REQUIRE(deleted);
  CHECK(deleted->event == "workspace.deleted");
  CHECK(Json::parse(deleted->data)["data"] == Json{{"id", workspace["id"]}});
}

TEST_CASE_METHOD(ServerFixture, "events: invalid Last-Event-ID", "[events][bad-input]") {
  for (const std::string& bad : std::vector<std::string>{"abc", "-1", "1.5", "12abc", "99999999999999999999999"}) {
    INFO("Last-Event-ID: " << bad);
    auto response = call(Method::get, events_of("local"), nullptr, {{"Last-Event-ID", bad}});
    expect_documented(response, "get", kEvents);
    expect_error(response, 400, "invalid_event_id");
    expect_error(call(Method::get, events_of("local") + "?lastEventId=" + bad), 400, "invalid_event_id");
  }
  expect_error(call(Method::get, "/api/projects/not-a-uuid/events"), 400, "invalid_id");
  expect_error(call(Method::get, "/api/projects/2b3c4d5e-6f70-4819-8a2b-3c4d5e6f7081/events"), 404, "not_found");
}

TEST_CASE_METHOD(ServerFixture, "events: another project's events never appear", "[events][isolation]") {
  const std::string other = create_project("Other");
  auto other_workspace = create_workspace(other, "theirs");
  create_agent(other, "their agent");
  create_credential(other, "their key", "sk-other-0123456789");
  auto marker = create_workspace("local", "marker");  // after everything of the other project

  SseReader mine(base_url(), events_of("local"), {{"Last-Event-ID", "0"}});
  auto frames = mine.read_until([&](const SseFrame& f) { return is_event(f, "workspace.created", marker["id"]); });
  CHECK(types_of(frames) == std::vector<std::string>{"project.created", "workspace.created"});
  expect_well_formed(frames, "local");
  for (const auto& frame : frames) CHECK(frame.data.find(other) == std::string::npos);

  SseReader theirs(base_url(), events_of(other), {{"Last-Event-ID", "0"}});
  auto their_frames = theirs.read_until([](const SseFrame& f) { return f.event == "credential.created"; });
  CHECK(types_of(their_frames) ==
        std::vector<std::string>{"project.created", "workspace.created", "agent.created", "credential.created"});
  expect_well_formed(their_frames, other);
  CHECK(Json::parse(their_frames[1].data)["data"]["id"] == other_workspace["id"]);
}
