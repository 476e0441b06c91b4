// /api/projects/{projectId}/workspaces[/{workspaceId}]: local folders and git mirrors.
#include "tests/support/read_file.hpp"
#include "tests/integration/bad_bodies.hpp"
#include "tests/integration/git_repo.hpp"
#include "tests/integration/openapi_check.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <thread>

using namespace octobot::testing;
namespace fs = std::filesystem;

namespace {

const std::string kList = "/api/projects/local/workspaces";
const std::string kCollection = "/api/projects/{projectId}/workspaces";
const std::string kItem = "/api/projects/{projectId}/workspaces/{workspaceId}";

Json local_body(const fs::path& path, const std::string& name = "") {
  Json body = {{"path", path.string()}, {"sourceType", "local"}};
  if (!name.empty()) body["displayName"] = name;
  return body;
}

// Polls the workspace until it leaves initializing/cloning. The deadline only
// keeps a broken clone from hanging the suite.
Json wait_until_settled(ServerFixture& server, const std::string& id) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  Json workspace;
  while (std::chrono::steady_clock::now() < deadline) {
    auto response = server.call(Method::get, kList + "/" + id);
    REQUIRE(response.status == 200);
    workspace = response.body;
    if (workspace["status"] != "initializing" && workspace["status"] != "cloning") return workspace;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL("the workspace never left initializing/cloning: " << workspace.dump());
  return workspace;
}

}  // namespace

TEST_CASE_METHOD(ServerFixture, "workspaces: local folder lifecycle", "[workspaces]") {
  const fs::path folder = make_folder("my-app");
  std::ofstream(folder / "notes.txt") << "precious\n";
  fs::create_directories(folder / "src");
  std::ofstream(folder / "src" / "main.cpp") << "int main() {}\n";

  auto created = call(Method::post, kList, local_body(folder));
  expect_documented(created, "post", kCollection);
  REQUIRE(created.status == 201);
  const std::string id = created.body["id"];
  CHECK(created.body["projectId"] == "local");
  CHECK(created.body["displayName"] == "my-app");  // the folder's name by default
  CHECK(created.body["path"] == folder.string());
  CHECK(created.body["sourceType"] == "local");
  CHECK(created.body["status"] == "ready");
  CHECK(created.body["commitSha"].is_null());
  CHECK(created.body["errorMessage"].is_null());

  auto list = call(Method::get, kList);
  expect_documented(list, "get", kCollection);
  REQUIRE(list.body["items"].size() == 1);
  CHECK(list.body["items"][0] == created.body);

  auto got = call(Method::get, kList + "/" + id);
  expect_documented(got, "get", kItem);
  CHECK(got.body == created.body);

  auto renamed = call(Method::patch, kList + "/" + id, {{"displayName", "Renamed app"}});
  expect_documented(renamed, "patch", kItem);
  CHECK(renamed.status == 200);
  CHECK(renamed.body["displayName"] == "Renamed app");
  CHECK(renamed.body["path"] == folder.string());

  auto removed = call(Method::delete_, kList + "/" + id);
  expect_documented(removed, "delete", kItem);
  CHECK(removed.status == 204);
  expect_error(call(Method::get, kList + "/" + id), 404, "not_found");
  CHECK(items(kList).empty());
  // The user's folder and its files are untouched.
  CHECK(read_file(folder / "notes.txt") == "precious\n");
  CHECK(read_file(folder / "src" / "main.cpp") == "int main() {}\n");
}

TEST_CASE_METHOD(ServerFixture, "workspaces: deleting one removes its sessions", "[workspaces]") {
  auto workspace = create_workspace("local", "app");
  auto session = create_session("local", workspace["id"], "chat");
  REQUIRE(call(Method::delete_, kList + "/" + workspace["id"].get<std::string>()).status == 204);
  expect_error(call(Method::get, "/api/projects/local/sessions/" + session["id"].get<std::string>()), 404, "not_found");
  CHECK(items("/api/projects/local/sessions").empty());
}

TEST_CASE_METHOD(ServerFixture, "workspaces: a symlink to a folder is stored resolved", "[workspaces]") {
  const fs::path target = make_folder("real-folder");
  const fs::path link = scratch() / "link-to-folder";
  fs::create_directory_symlink(target, link);
  auto created = call(Method::post, kList, local_body(link, "linked"));
  REQUIRE(created.status == 201);
  CHECK(created.body["path"] == target.string());
  REQUIRE(call(Method::delete_, kList + "/" + created.body["id"].get<std::string>()).status == 204);
  CHECK(fs::is_symlink(link));
  CHECK(fs::is_directory(target));
}

TEST_CASE_METHOD(ServerFixture, "workspaces: unusable local paths", "[workspaces][bad-input]") {
  const fs::path file = scratch() / "plain.txt";
  std::ofstream(file) << "not a folder\n";
  expect_no_change("local", [&] {
    auto missing = call(Method::post, kList, local_body(scratch() / "does-not-exist"));
    expect_documented(missing, "post", kCollection);
    expect_error(missing, 422, "path_not_found");

    auto not_dir = call(Method::post, kList, local_body(file));
    expect_documented(not_dir, "post", kCollection);
    expect_error(not_dir, 422, "not_a_directory");

    auto relative = call(Method::post, kList, {{"path", "relative/dir"}, {"sourceType", "local"}});
    expect_documented(relative, "post", kCollection);
    expect_error(relative, 400, "invalid_field");
    CHECK(relative.body["error"]["message"].get<std::string>().find("absolute") != std::string::npos);

    expect_error(call(Method::post, kList, {{"path", ""}, {"sourceType", "local"}}), 400, "invalid_field");
    expect_error(call(Method::post, kList, {{"path", scratch().string()}, {"sourceType", "svn"}}), 400,
                 "invalid_field");
    expect_error(
        call(Method::post, kList, {{"path", scratch().string()}, {"sourceType", "local"}, {"displayName", " "}}), 400,
        "invalid_field");
  });
}

TEST_CASE_METHOD(ServerFixture, "workspaces: bad bodies", "[workspaces][bad-input]") {
  const Json valid = local_body(make_folder("valid"), "valid");
  expect_no_change("local", [&] {
    expect_bad_bodies_rejected(*this, Method::post, kList, valid, {"path", "sourceType"});
  });
  auto workspace = create_workspace("local", "kept");
  const std::string item = kList + "/" + workspace["id"].get<std::string>();
  expect_no_change("local", [&] {
    expect_bad_bodies_rejected(*this, Method::patch, item, {{"displayName", "other"}}, {"displayName"});
    expect_error(call(Method::patch, item, {{"displayName", "x"}, {"path", "/tmp"}}), 400, "unknown_field");
    expect_error(call(Method::patch, item, {{"displayName", ""}}), 400, "invalid_field");
  });
}

TEST_CASE_METHOD(ServerFixture, "workspaces: duplicate displayName is a conflict", "[workspaces][conflict]") {
  auto first = create_workspace("local", "app");
  auto second = create_workspace("local", "lib");
  expect_no_change("local", [&] {
    auto duplicate = call(Method::post, kList, local_body(make_folder("another"), "app"));
    expect_documented(duplicate, "post", kCollection);
    expect_error(duplicate, 409, "conflict");
    CHECK(duplicate.body["error"]["message"].get<std::string>().find("app") != std::string::npos);

    auto rename = call(Method::patch, kList + "/" + second["id"].get<std::string>(), {{"displayName", "app"}});
    expect_documented(rename, "patch", kItem);
    expect_error(rename, 409, "conflict");
  });
  // The same name in another project is fine.
  const std::string other = create_project("Other");
  create_workspace(other, "app");
}

TEST_CASE_METHOD(ServerFixture, "workspaces: bad and unknown ids", "[workspaces][bad-input]") {
  const std::string unknown = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
  for (auto method : {Method::get, Method::delete_}) {
    auto bad = call(method, kList + "/not-a-uuid");
    expect_documented(bad, method == Method::get ? "get" : "delete", kItem);
    expect_error(bad, 400, "invalid_id");
    expect_error(call(method, kList + "/" + unknown), 404, "not_found");
  }
  expect_error(call(Method::patch, kList + "/not-a-uuid", {{"displayName", "x"}}), 400, "invalid_id");
  expect_error(call(Method::patch, kList + "/" + unknown, {{"displayName", "x"}}), 404, "not_found");
}

TEST_CASE_METHOD(ServerFixture, "workspaces: a git repository is mirror-cloned in the background",
                 "[workspaces][git]") {
  const std::string sha = make_bare_repo(scratch(), "origin");
  const std::string url = "file://" + (scratch() / "origin.git").string();
  auto created = call(Method::post, kList, {{"path", url}, {"sourceType", "git"}});
  expect_documented(created, "post", kCollection);
  REQUIRE(created.status == 201);
  CHECK(created.body["status"] == "initializing");
  CHECK(created.body["displayName"] == "origin");
  CHECK(created.body["path"] == url);
  const std::string id = created.body["id"];

  auto ready = wait_until_settled(*this, id);
  INFO(ready.dump());
  CHECK(ready["status"] == "ready");
  CHECK(ready["commitSha"] == sha);
  CHECK(ready["errorMessage"].is_null());
  CHECK(schema_problems(named_schema("Workspace"), ready).empty());
  const fs::path mirror = data_dir() / "mirrors" / (id + ".git");
  CHECK(run_git(mirror, {"rev-parse", "HEAD"}) == sha);

  // The stream told the whole story, in order.
  SseReader events(base_url(), "/api/projects/local/events", {{"Last-Event-ID", "0"}});
  std::vector<std::string> statuses;
  events.read_until([&](const SseFrame& frame) {
    Json event = Json::parse(frame.data);
    if (event["data"].value("id", "") == id)
      statuses.push_back(frame.event + ":" + event["data"]["status"].get<std::string>());
    return event["type"] == "workspace.updated" && event["data"]["status"] == "ready";
  });
  CHECK(statuses == std::vector<std::string>{"workspace.created:initializing", "workspace.updated:cloning",
                                             "workspace.updated:ready"});

  REQUIRE(call(Method::delete_, kList + "/" + id).status == 204);
  CHECK_FALSE(fs::exists(mirror));
  CHECK(run_git(scratch() / "origin.git", {"rev-parse", "HEAD"}) == sha);  // the origin is untouched
}

TEST_CASE_METHOD(ServerFixture, "workspaces: a clone that fails keeps its message", "[workspaces][git]") {
  const std::string url = "file://" + (scratch() / "no-such-repo.git").string();
  auto created = call(Method::post, kList, {{"path", url}, {"sourceType", "git"}, {"displayName", "broken"}});
  REQUIRE(created.status == 201);
  auto settled = wait_until_settled(*this, created.body["id"]);
  INFO(settled.dump());
  CHECK(settled["status"] == "error");
  REQUIRE(settled["errorMessage"].is_string());
  CHECK_FALSE(settled["errorMessage"].get<std::string>().empty());
  CHECK(settled["commitSha"].is_null());
  CHECK(schema_problems(named_schema("Workspace"), settled).empty());
  CHECK_FALSE(fs::exists(data_dir() / "mirrors" / (created.body["id"].get<std::string>() + ".git")));
}

TEST_CASE_METHOD(ServerFixture, "workspaces: option and transport injection in git URLs",
                 "[workspaces][git][bad-input]") {
  const fs::path witness = scratch() / "pwned";
  expect_no_change("local", [&] {
    const std::vector<std::string> urls = {"--upload-pack=touch " + witness.string(),
                                           "-u touch " + witness.string(),
                                           "ext::sh -c touch% " + witness.string(),
                                           "fd::17",
                                           "/plain/local/path",
                                           "https://example.com/repo.git\n--upload-pack=touch",
                                           "https://user:secret-token@example.com/repo.git"};
    for (const std::string& url : urls) {
      INFO("url " << url);
      auto response = call(Method::post, kList, {{"path", url}, {"sourceType", "git"}, {"displayName", "evil"}});
      expect_documented(response, "post", kCollection);
      expect_error(response, 400, "invalid_field");
    }
  });
  CHECK_FALSE(fs::exists(witness));
  CHECK_FALSE((fs::exists(data_dir() / "mirrors") && !fs::is_empty(data_dir() / "mirrors")));
}

TEST_CASE_METHOD(ServerFixture, "workspaces: the default name of a long non-ASCII folder stays valid UTF-8",
                 "[workspaces]") {
  std::string name;
  for (int i = 0; i < 70; ++i) name += "\xe6\x97\xa5";  // "日": 210 bytes, 70 characters
  const fs::path folder = make_folder(name);
  auto created = call(Method::post, kList, local_body(folder));
  INFO(created.raw);
  REQUIRE(created.status == 201);
  CHECK(created.body["displayName"] == name);
  // 201 characters (205 bytes): cut to 200 characters, never inside a character.
  const std::string long_name = std::string(199, 'a') + "\xe6\x97\xa5\xe6\x97\xa5";
  auto second = call(Method::post, kList, local_body(make_folder(long_name)));
  INFO(second.raw);
  REQUIRE(second.status == 201);
  CHECK(second.body["displayName"] == std::string(199, 'a') + "\xe6\x97\xa5");
}

TEST_CASE_METHOD(ServerFixture, "workspaces: an empty repository is ready without a commit", "[workspaces][git]") {
  run_git(scratch(), {"init", "--quiet", "--bare", "--initial-branch=main", (scratch() / "empty.git").string()});
  auto created =
      call(Method::post, kList, {{"path", "file://" + (scratch() / "empty.git").string()}, {"sourceType", "git"}});
  REQUIRE(created.status == 201);
  auto settled = wait_until_settled(*this, created.body["id"]);
  INFO(settled.dump());
  CHECK(settled["status"] == "ready");
  CHECK(settled["commitSha"].is_null());
}

TEST_CASE_METHOD(ServerFixture, "workspaces: renaming to its own name is not a conflict", "[workspaces]") {
  auto workspace = create_workspace("local", "app");
  auto renamed = call(Method::patch, kList + "/" + workspace["id"].get<std::string>(), {{"displayName", "app"}});
  CHECK(renamed.status == 200);
  CHECK(renamed.body["displayName"] == "app");
}
