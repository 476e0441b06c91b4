// Cross-project isolation: an id from project A is 404 under project B, for
// every route, and nothing of A is listed in B.
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

using namespace octobot::testing;

namespace {

struct ProjectData {
  std::string project;
  Json workspace, session, agent, credential;
};

ProjectData populate(ServerFixture& server, const std::string& project, const std::string& tag) {
  ProjectData data{project};
  data.workspace = server.create_workspace(project, "secret-workspace-" + tag);
  data.agent = server.create_agent(project, "secret-agent-" + tag);
  data.session = server.create_session(project, data.workspace["id"], "secret-session-" + tag);
  data.credential = server.create_credential(project, "secret-credential-" + tag, "sk-" + tag + "-0123456789abcdef");
  return data;
}

// The answer must be a 404 envelope that reveals nothing of the other project.
void expect_hidden(const ApiResponse& response, const std::string& tag) {
  expect_error(response, 404, "not_found");
  CHECK(response.raw.find("secret-") == std::string::npos);
  CHECK(response.raw.find(tag) == std::string::npos);
}

std::vector<std::string> ids_of(const Json& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item["id"]);
  return ids;
}

}  // namespace

TEST_CASE_METHOD(ServerFixture, "isolation: ids of project A are 404 under project B", "[isolation]") {
  const ProjectData a = populate(*this, "local", "alpha");
  const std::string b = create_project("Project B");
  const auto b_workspace = create_workspace(b, "mine");
  const auto b_agent = create_agent(b, "mine");

  const std::string under_b = "/api/projects/" + b;
  const std::string workspace = under_b + "/workspaces/" + a.workspace["id"].get<std::string>();
  const std::string session = under_b + "/sessions/" + a.session["id"].get<std::string>();
  const std::string agent = under_b + "/agents/" + a.agent["id"].get<std::string>();
  const std::string credential = under_b + "/credentials/" + a.credential["id"].get<std::string>();

  expect_no_change("local", [&] {
    expect_no_change(b, [&] {
      expect_hidden(call(Method::get, workspace), "alpha");
      expect_hidden(call(Method::patch, workspace, {{"displayName", "stolen"}}), "alpha");
      expect_hidden(call(Method::delete_, workspace), "alpha");
      expect_hidden(call(Method::get, workspace + "/sessions"), "alpha");
      expect_hidden(call(Method::post, workspace + "/sessions", {{"name", "intruder"}}), "alpha");

      expect_hidden(call(Method::get, session), "alpha");
      expect_hidden(call(Method::patch, session, {{"name", "stolen"}}), "alpha");
      expect_hidden(call(Method::delete_, session), "alpha");
      expect_hidden(call(Method::get, session + "/messages"), "alpha");

      expect_hidden(call(Method::get, agent), "alpha");
      expect_hidden(call(Method::patch, agent, {{"name", "stolen"}}), "alpha");
      expect_hidden(call(Method::patch, agent, {{"isDefault", true}}), "alpha");
      expect_hidden(call(Method::delete_, agent), "alpha");

      expect_hidden(call(Method::delete_, credential), "alpha");

      // B's agent in a session of A, and B's workspace under A.
      expect_hidden(
          call(Method::post, "/api/projects/local/workspaces/" + a.workspace["id"].get<std::string>() + "/sessions",
               {{"name", "mixed"}, {"agentId", b_agent["id"]}}),
          "alpha");
      expect_hidden(
          call(Method::post, "/api/projects/local/workspaces/" + b_workspace["id"].get<std::string>() + "/sessions",
               {{"name", "mixed"}}),
          "alpha");
      // A session in B that names A's agent.
      expect_hidden(call(Method::post, under_b + "/workspaces/" + b_workspace["id"].get<std::string>() + "/sessions",
                         {{"name", "mixed"}, {"agentId", a.agent["id"]}}),
                    "alpha");
    });
  });

  // B lists only its own things; A still has everything.
  CHECK(ids_of(items(under_b + "/workspaces")) == std::vector<std::string>{b_workspace["id"]});
  CHECK(items(under_b + "/sessions").empty());
  CHECK(ids_of(items(under_b + "/agents")) == std::vector<std::string>{b_agent["id"]});
  CHECK(items(under_b + "/credentials").empty());
  CHECK(items(under_b + "/workspaces/" + b_workspace["id"].get<std::string>() + "/sessions").empty());
  CHECK(ids_of(items("/api/projects/local/workspaces")) == std::vector<std::string>{a.workspace["id"]});
  CHECK(ids_of(items("/api/projects/local/sessions")) == std::vector<std::string>{a.session["id"]});
  CHECK(ids_of(items("/api/projects/local/agents")) == std::vector<std::string>{a.agent["id"]});
  CHECK(ids_of(items("/api/projects/local/credentials")) == std::vector<std::string>{a.credential["id"]});
  // B's default agent is its own.
  CHECK(items(under_b + "/agents")[0]["isDefault"] == true);
  CHECK(items("/api/projects/local/agents")[0]["isDefault"] == true);
}

TEST_CASE_METHOD(ServerFixture, "isolation: two created projects see only their own resources", "[isolation]") {
  const std::string p = create_project("P");
  const std::string q = create_project("Q");
  const ProjectData in_p = populate(*this, p, "pear");
  const ProjectData in_q = populate(*this, q, "quince");
  for (const auto& [mine, theirs, tag] :
       {std::tuple{&in_p, &in_q, std::string("quince")}, std::tuple{&in_q, &in_p, std::string("pear")}}) {
    const std::string base = "/api/projects/" + mine->project;
    for (const std::string& what : std::vector<std::string>{"workspaces", "sessions", "agents", "credentials"}) {
      auto listed = call(Method::get, base + "/" + what);
      REQUIRE(listed.status == 200);
      CHECK(listed.raw.find(tag) == std::string::npos);
      CHECK(listed.body["items"].size() == 1);
    }
    expect_hidden(call(Method::get, base + "/workspaces/" + theirs->workspace["id"].get<std::string>()), tag);
    expect_hidden(call(Method::get, base + "/sessions/" + theirs->session["id"].get<std::string>()), tag);
    expect_hidden(call(Method::get, base + "/agents/" + theirs->agent["id"].get<std::string>()), tag);
  }
  // Deleting one project leaves the other whole.
  REQUIRE(call(Method::delete_, "/api/projects/" + p).status == 204);
  CHECK(items("/api/projects/" + q + "/sessions").size() == 1);
  CHECK(call(Method::get, "/api/projects/" + q + "/agents/" + in_q.agent["id"].get<std::string>()).status == 200);
}
