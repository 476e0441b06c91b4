// Sessions: created in a workspace, listed per project or workspace (paged),
// renamed (never re-statused) by clients, and their messages.
#include "tests/integration/bad_bodies.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace octobot::testing;

namespace {

const std::string kSessions = "/api/projects/local/sessions";
const std::string kInWorkspace = "/api/projects/{projectId}/workspaces/{workspaceId}/sessions";
const std::string kProjectSessions = "/api/projects/{projectId}/sessions";
const std::string kItem = "/api/projects/{projectId}/sessions/{sessionId}";
const std::string kMessages = "/api/projects/{projectId}/sessions/{sessionId}/messages";
const std::string kUnknownId = "4f0b6a0e-3c1d-4d59-9a55-1c1f2b3d4e5f";

std::string sessions_of(const Json& workspace) {
  return "/api/projects/local/workspaces/" + workspace["id"].get<std::string>() + "/sessions";
}

// Follows nextCursor from the first page; returns the ids page by page.
std::vector<std::vector<std::string>> all_pages(ServerFixture& server, const std::string& target, int limit) {
  std::vector<std::vector<std::string>> pages;
  std::string cursor;
  for (int guard = 0; guard < 20; ++guard) {
    std::string url = target + "?limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor);
    auto page = server.call(Method::get, url);
    INFO(url << ": " << page.raw);
    REQUIRE(page.status == 200);
    std::vector<std::string> ids;
    for (const auto& item : page.body["items"]) ids.push_back(item["id"]);
    pages.push_back(ids);
    REQUIRE(page.body.contains("nextCursor"));
    if (page.body["nextCursor"].is_null()) return pages;
    cursor = page.body["nextCursor"];
    REQUIRE_FALSE(cursor.empty());
  }
  FAIL("pagination did not end");
  return pages;
}

std::vector<std::string> flatten(const std::vector<std::vector<std::string>>& pages) {
  std::vector<std::string> all;
  for (const auto& page : pages) all.insert(all.end(), page.begin(), page.end());
  return all;
}

}  // namespace

TEST_CASE_METHOD(ServerFixture, "sessions: create, get, rename, messages, delete", "[sessions]") {
  auto workspace = create_workspace("local", "app");
  auto agent = create_agent("local", "helper");

  auto created = call(Method::post, sessions_of(workspace), {{"name", "fix the tests"}});
  expect_documented(created, "post", kInWorkspace);
  REQUIRE(created.status == 201);
  const std::string id = created.body["id"];
  CHECK(created.body["status"] == "initializing");
  CHECK(created.body["workspaceId"] == workspace["id"]);
  CHECK(created.body["projectId"] == "local");
  CHECK(created.body["agentId"] == agent["id"]);  // the default agent
  CHECK(created.body["name"] == "fix the tests");

  auto got = call(Method::get, kSessions + "/" + id);
  expect_documented(got, "get", kItem);
  for (const std::string field : {"id", "projectId", "workspaceId", "agentId", "name", "createdAt"}) {
    CHECK(got.body[field] == created.body[field]);
  }
  // These tests run without Docker: provisioning ends in "error" with what to do.
  const Json settled = settled_session("local", id);
  CHECK(settled["status"] == "error");
  CHECK(settled["errorMessage"].get<std::string>().find("Docker is not reachable") != std::string::npos);

  auto renamed = call(Method::patch, kSessions + "/" + id, {{"name", "renamed"}});
  expect_documented(renamed, "patch", kItem);
  CHECK(renamed.status == 200);
  CHECK(renamed.body["name"] == "renamed");
  CHECK(renamed.body["status"] == "error");  // renaming never moves the status

  auto messages = call(Method::get, kSessions + "/" + id + "/messages");
  expect_documented(messages, "get", kMessages);
  CHECK(messages.status == 200);
  CHECK(messages.body == Json{{"items", Json::array()}});

  auto listed = call(Method::get, kSessions);
  expect_documented(listed, "get", kProjectSessions);
  auto in_workspace = call(Method::get, sessions_of(workspace));
  expect_documented(in_workspace, "get", kInWorkspace);
  CHECK(listed.body["items"].size() == 1);
  CHECK(in_workspace.body["items"] == listed.body["items"]);
  CHECK(listed.body["nextCursor"].is_null());

  auto removed = call(Method::delete_, kSessions + "/" + id);
  expect_documented(removed, "delete", kItem);
  CHECK(removed.status == 202);
  CHECK(removed.body["status"] == "removing");
  wait_until_deleted("local", id);
  expect_error(call(Method::get, kSessions + "/" + id), 404, "not_found");
  expect_error(call(Method::get, kSessions + "/" + id + "/messages"), 404, "not_found");
  expect_error(call(Method::delete_, kSessions + "/" + id), 404, "not_found");
}

TEST_CASE_METHOD(ServerFixture, "sessions: the agent is explicit, the default, or none", "[sessions]") {
  auto workspace = create_workspace("local", "app");
  auto without_agents = create_session("local", workspace["id"], "no agent yet");
  CHECK(without_agents["agentId"].is_null());

  auto first = create_agent("local", "first");
  auto second = create_agent("local", "second");
  CHECK(create_session("local", workspace["id"], "default")["agentId"] == first["id"]);
  CHECK(create_session("local", workspace["id"], "explicit", {{"agentId", second["id"]}})["agentId"] == second["id"]);
  // An uppercase id names the same agent.
  std::string upper = second["id"];
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(create_session("local", workspace["id"], "upper", {{"agentId", upper}})["agentId"] == second["id"]);
}

TEST_CASE_METHOD(ServerFixture, "sessions: clients cannot set or change status", "[sessions][bad-input]") {
  auto workspace = create_workspace("local", "app");
  auto session = create_session("local", workspace["id"], "chat");
  const std::string item = kSessions + "/" + session["id"].get<std::string>();
  expect_no_change("local", [&] {
    auto with_name = call(Method::patch, item, {{"name", "x"}, {"status", "ready"}});
    expect_documented(with_name, "patch", kItem);
    expect_error(with_name, 400, "invalid_field");
    CHECK(with_name.body["error"]["message"].get<std::string>().find("status") != std::string::npos);
    expect_error(call(Method::patch, item, {{"status", "running"}}), 400, "invalid_field");
    expect_error(call(Method::post, sessions_of(workspace), {{"name", "x"}, {"status", "ready"}}), 400,
                 "invalid_field");
  });
  CHECK(call(Method::get, item).body["status"] == "error");  // what provisioning without Docker left
}

TEST_CASE_METHOD(ServerFixture, "sessions: bad bodies and bad references", "[sessions][bad-input]") {
  auto workspace = create_workspace("local", "app");
  auto agent = create_agent("local", "helper");
  auto session = create_session("local", workspace["id"], "chat");
  const std::string item = kSessions + "/" + session["id"].get<std::string>();
  expect_no_change("local", [&] {
    // No field is required: a session without a name is named by its first chat message.
    expect_bad_bodies_rejected(*this, Method::post, sessions_of(workspace), {{"name", "x"}, {"agentId", agent["id"]}},
                               {});
    expect_bad_bodies_rejected(*this, Method::patch, item, {{"name", "x"}}, {"name"});
    expect_error(call(Method::post, sessions_of(workspace), {{"name", ""}}), 400, "invalid_field");
    expect_error(call(Method::patch, item, {{"name", " "}}), 400, "invalid_field");

    auto bad_agent = call(Method::post, sessions_of(workspace), {{"name", "x"}, {"agentId", "nope"}});
    expect_documented(bad_agent, "post", kInWorkspace);
    expect_error(bad_agent, 400, "invalid_id");
    auto unknown_agent = call(Method::post, sessions_of(workspace), {{"name", "x"}, {"agentId", kUnknownId}});
    expect_documented(unknown_agent, "post", kInWorkspace);
    expect_error(unknown_agent, 404, "not_found");

    auto unknown_workspace =
        call(Method::post, "/api/projects/local/workspaces/" + kUnknownId + "/sessions", {{"name", "x"}});
    expect_documented(unknown_workspace, "post", kInWorkspace);
    expect_error(unknown_workspace, 404, "not_found");
    expect_error(call(Method::post, "/api/projects/local/workspaces/nope/sessions", {{"name", "x"}}), 400,
                 "invalid_id");
  });
}

TEST_CASE_METHOD(ServerFixture, "sessions: bad and unknown ids", "[sessions][bad-input]") {
  for (const std::string& suffix : std::vector<std::string>{"", "/messages"}) {
    expect_error(call(Method::get, kSessions + "/not-a-uuid" + suffix), 400, "invalid_id");
    expect_error(call(Method::get, kSessions + "/" + kUnknownId + suffix), 404, "not_found");
  }
  expect_error(call(Method::patch, kSessions + "/not-a-uuid", {{"name", "x"}}), 400, "invalid_id");
  expect_error(call(Method::patch, kSessions + "/" + kUnknownId, {{"name", "x"}}), 404, "not_found");
  expect_error(call(Method::delete_, kSessions + "/not-a-uuid"), 400, "invalid_id");
  expect_error(call(Method::delete_, kSessions + "/" + kUnknownId), 404, "not_found");
  expect_error(call(Method::get, "/api/projects/local/workspaces/" + kUnknownId + "/sessions"), 404, "not_found");
}

TEST_CASE_METHOD(ServerFixture, "sessions: pages of 3 over 7 sessions", "[sessions][paging]") {
  auto workspace = create_workspace("local", "app");
  auto other = create_workspace("local", "other");
  std::set<std::string> created;
  for (int i = 0; i < 7; ++i) created.insert(create_session("local", workspace["id"], "s" + std::to_string(i))["id"]);
  auto elsewhere = create_session("local", other["id"], "elsewhere");

  auto pages = all_pages(*this, sessions_of(workspace), 3);
  REQUIRE(pages.size() == 3);
  CHECK(pages[0].size() == 3);
  CHECK(pages[1].size() == 3);
  CHECK(pages[2].size() == 1);
  auto ids = flatten(pages);
  CHECK(std::set<std::string>(ids.begin(), ids.end()) == created);  // no duplicates, nothing missing
  CHECK(ids.size() == 7);

  // Same order as one big page, and the same again when asked again.
  std::vector<std::string> whole;
  for (const auto& item : items(sessions_of(workspace) + "?limit=200")) whole.push_back(item["id"]);
  CHECK(ids == whole);
  CHECK(flatten(all_pages(*this, sessions_of(workspace), 3)) == ids);

  // The project-wide listing has the other workspace's session too.
  auto project_ids = flatten(all_pages(*this, kSessions, 3));
  CHECK(project_ids.size() == 8);
  CHECK(std::count(project_ids.begin(), project_ids.end(), elsewhere["id"].get<std::string>()) == 1);
  CHECK(flatten(all_pages(*this, sessions_of(other), 3)) == std::vector<std::string>{elsewhere["id"]});
}

TEST_CASE_METHOD(ServerFixture, "sessions: newest first", "[sessions][paging]") {
  auto workspace = create_workspace("local", "app");
  for (int i = 0; i < 3; ++i) create_session("local", workspace["id"], "s" + std::to_string(i));
  auto listed = items(kSessions);
  REQUIRE(listed.size() == 3);
  for (std::size_t i = 1; i < listed.size(); ++i) {
    CHECK(listed[i - 1]["createdAt"].get<std::string>() >= listed[i]["createdAt"].get<std::string>());
  }
}

TEST_CASE_METHOD(ServerFixture, "sessions: bad limit and cursor", "[sessions][paging][bad-input]") {
  auto workspace = create_workspace("local", "app");
  for (int i = 0; i < 2; ++i) create_session("local", workspace["id"], "s" + std::to_string(i));
  for (const std::string& target : std::vector<std::string>{kSessions, sessions_of(workspace)}) {
    for (const std::string& query : std::vector<std::string>{"limit=0", "limit=201", "limit=abc", "limit=-1",
                                                             "limit=3.5", "limit=", "limit=1e2", "limit=%zz", "limit=5%"}) {
      INFO(target << "?" << query);
      auto response = call(Method::get, target + "?" + query);
      expect_documented(response, "get", target == kSessions ? kProjectSessions : kInWorkspace);
      expect_error(response, 400, "invalid_query");
    }
    for (const std::string& cursor : std::vector<std::string>{"garbage", "AAAA", "%00", "bm90LWEtY3Vyc29y", "a*b", "abc%", "%zz"}) {
      INFO(target << "?cursor=" << cursor);
      auto response = call(Method::get, target + "?limit=1&cursor=" + cursor);
      expect_documented(response, "get", target == kSessions ? kProjectSessions : kInWorkspace);
      expect_error(response, 400, "invalid_cursor");
    }
  }
  CHECK(call(Method::get, kSessions + "?limit=1").status == 200);
  CHECK(call(Method::get, kSessions + "?limit=200").status == 200);
}
