// /api/projects and /api/projects/{projectId}.
#include "tests/integration/bad_bodies.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

using namespace octobot::testing;

namespace {

const std::string kProjects = "/api/projects";
const std::string kProject = "/api/projects/{projectId}";
const std::string kUnknownId = "6f1c1d9e-7a3b-4c2d-8e5f-0a1b2c3d4e5f";

std::vector<std::string> ids_of(const Json& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item["id"]);
  return ids;
}

}  // namespace

TEST_CASE_METHOD(ServerFixture, "projects: the single-user project is listed and readable", "[projects]") {
  auto list = call(Method::get, kProjects);
  expect_documented(list, "get", kProjects);
  REQUIRE(list.status == 200);
  CHECK(ids_of(list.body["items"]) == std::vector<std::string>{"local"});

  auto local = call(Method::get, "/api/projects/local");
  expect_documented(local, "get", kProject);
  CHECK(local.status == 200);
  CHECK(local.body["id"] == "local");
}

TEST_CASE_METHOD(ServerFixture, "projects: create, get, rename, delete", "[projects]") {
  auto created = call(Method::post, kProjects, {{"name", "  Team app  "}});
  expect_documented(created, "post", kProjects);
  REQUIRE(created.status == 201);
  const std::string id = created.body["id"];
  CHECK(created.body["name"] == "Team app");

  auto got = call(Method::get, "/api/projects/" + id);
  expect_documented(got, "get", kProject);
  CHECK(got.body == created.body);
  // Ids are accepted in any case and answered lowercase.
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(call(Method::get, "/api/projects/" + upper).body["id"] == id);

  auto renamed = call(Method::patch, "/api/projects/" + id, {{"name", "Renamed"}});
  expect_documented(renamed, "patch", kProject);
  CHECK(renamed.status == 200);
  CHECK(renamed.body["name"] == "Renamed");
  CHECK(call(Method::get, "/api/projects/" + id).body["name"] == "Renamed");

  auto listed = ids_of(items(kProjects));
  CHECK(std::find(listed.begin(), listed.end(), id) != listed.end());

  auto removed = call(Method::delete_, "/api/projects/" + id);
  expect_documented(removed, "delete", kProject);
  CHECK(removed.status == 204);
  CHECK(removed.raw.empty());
  expect_error(call(Method::get, "/api/projects/" + id), 404, "not_found");
  CHECK(ids_of(items(kProjects)) == std::vector<std::string>{"local"});
  expect_error(call(Method::delete_, "/api/projects/" + id), 404, "not_found");
}

TEST_CASE_METHOD(ServerFixture, "projects: deleting a project deletes what it owns", "[projects]") {
  const std::string id = create_project("Doomed");
  auto workspace = create_workspace(id, "app");
  create_session(id, workspace["id"], "chat");
  create_agent(id, "helper");
  create_credential(id, "key", "sk-doomed-0123456789");
  const auto folder = scratch() / (id + "-app");
  REQUIRE(std::filesystem::is_directory(folder));

  REQUIRE(call(Method::delete_, "/api/projects/" + id).status == 204);
  for (const std::string& what : std::vector<std::string>{"workspaces", "sessions", "agents", "credentials"}) {
    expect_error(call(Method::get, "/api/projects/" + id + "/" + what), 404, "not_found");
  }
  CHECK(std::filesystem::is_directory(folder));  // the user's folder stays
}

TEST_CASE_METHOD(ServerFixture, "projects: the local project cannot be deleted", "[projects][conflict]") {
  expect_no_change("local", [&] {
    auto refused = call(Method::delete_, "/api/projects/local");
    expect_documented(refused, "delete", kProject);
    expect_error(refused, 422, "protected_project");
  });
  CHECK(call(Method::get, "/api/projects/local").status == 200);
  CHECK(ids_of(items(kProjects)) == std::vector<std::string>{"local"});
}

TEST_CASE_METHOD(ServerFixture, "projects: bad bodies are rejected and nothing is created", "[projects][bad-input]") {
  expect_bad_bodies_rejected(*this, Method::post, kProjects, {{"name", "x"}}, {"name"});
  for (const Json& name : {Json(""), Json("   "), Json(std::string(201, 'n')), Json("tab\there\x01")}) {
    INFO("name " << name.dump());
    auto response = call(Method::post, kProjects, {{"name", name}});
    expect_documented(response, "post", kProjects);
    expect_error(response, 400, "invalid_field");
  }
  CHECK(ids_of(items(kProjects)) == std::vector<std::string>{"local"});
}

TEST_CASE_METHOD(ServerFixture, "projects: bad rename bodies change nothing", "[projects][bad-input]") {
  const std::string id = create_project("Stable");
  auto before = call(Method::get, "/api/projects/" + id).body;
  expect_bad_bodies_rejected(*this, Method::patch, "/api/projects/" + id, {{"name", "x"}}, {"name"});
  expect_error(call(Method::patch, "/api/projects/" + id, {{"name", ""}}), 400, "invalid_field");
  CHECK(call(Method::get, "/api/projects/" + id).body == before);
}

TEST_CASE_METHOD(ServerFixture, "projects: bad and unknown ids", "[projects][bad-input]") {
  for (const std::string& bad : std::vector<std::string>{"not-a-uuid", "6f1c1d9e7a3b4c2d8e5f0a1b2c3d4e5f",
                                                         "6f1c1d9e-7a3b-4c2d-8e5f-0a1b2c3d4e5", "%27%20OR%201%3D1"}) {
    INFO("id " << bad);
    auto response = call(Method::get, "/api/projects/" + bad);
    expect_documented(response, "get", kProject);
    expect_error(response, 400, "invalid_id");
    expect_error(call(Method::get, "/api/projects/" + bad + "/workspaces"), 400, "invalid_id");
  }
  expect_error(call(Method::get, "/api/projects/" + kUnknownId), 404, "not_found");
  expect_error(call(Method::patch, "/api/projects/" + kUnknownId, {{"name", "x"}}), 404, "not_found");
  expect_error(call(Method::delete_, "/api/projects/" + kUnknownId), 404, "not_found");
  expect_error(call(Method::get, "/api/projects/" + kUnknownId + "/agents"), 404, "not_found");
}

TEST_CASE_METHOD(ServerFixture, "projects: names are limited in characters, not bytes", "[projects]") {
  std::string accented;
  for (int i = 0; i < 150; ++i) accented += "\xc3\xa9";  // "é", two bytes each
  auto created = call(Method::post, kProjects, {{"name", accented}});
  INFO(created.raw);
  CHECK(created.status == 201);
  CHECK(created.body["name"] == accented);
  std::string too_long;
  for (int i = 0; i < 201; ++i) too_long += "\xe6\x97\xa5";  // "日", three bytes each
  expect_error(call(Method::post, kProjects, {{"name", too_long}}), 400, "invalid_field");
}

TEST_CASE_METHOD(ServerFixture, "projects: JSON media types with parameters are accepted", "[projects]") {
  for (const std::string& type : std::vector<std::string>{"application/json; charset=utf-8", "Application/JSON",
                                                          "application/merge-patch+json"}) {
    INFO(type);
    auto response = call_raw(Method::post, kProjects, R"({"name":"typed"})", {{"Content-Type", type}});
    CHECK(response.status == 201);
  }
}
