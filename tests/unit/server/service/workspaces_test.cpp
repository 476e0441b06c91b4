// server/service/workspaces: local folder and git workspaces, their
// validation, names, renaming and deletion; the domain errors and the events.
#include "server/service/sessions.hpp"
#include "server/service/workspaces.hpp"
#include "tests/integration/git_repo.hpp"
#include "tests/unit/server/service/service_fixture.hpp"

#include <nlohmann/json.hpp>

#include <fstream>

namespace octobot::service::testing {

namespace fs = std::filesystem;

TEST_CASE_METHOD(ServiceFixture, "a local workspace is a resolved, existing folder", "[service][workspaces]") {
  WorkspaceService workspaces(context);
  const std::string project = add_project("P");
  fs::create_directories(user_files.path() / "code" / "my-app");
  fs::create_directory_symlink(user_files.path() / "code", user_files.path() / "link");
  (void)notified();
  const std::int64_t mark = last_event_id();

  const store::Workspace created =
      must(workspaces.create(project, {(user_files.path() / "link" / "my-app").string(), "local", std::nullopt}));
  CHECK(created.path == (user_files.path() / "code" / "my-app").string());  // symbolic links resolved
  CHECK(created.display_name == "my-app");                                  // from the folder's name
  CHECK(created.status == "ready");
  CHECK(created.source_type == "local");
  CHECK(created.mirror_path.empty());
  CHECK(created.project_id == project);
  CHECK(notified());

  const std::vector<store::Event> events = events_since(project, mark);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "workspace.created");
  const auto data = nlohmann::json::parse(events[0].data_json);
  CHECK(data["id"] == created.id);
  CHECK(data["displayName"] == "my-app");

  const store::Workspace found = must(workspaces.get(project, created.id));
  CHECK(found.path == created.path);
  CHECK(must(workspaces.list(project)).size() == 1);
}

TEST_CASE_METHOD(ServiceFixture, "a local workspace path that cannot be used is refused", "[service][workspaces]") {
  WorkspaceService workspaces(context);
  const std::string project = add_project("P");
  std::ofstream(user_files.path() / "file.txt") << "not a folder";
  const std::int64_t mark = last_event_id();
  auto create = [&](std::string path) { return workspaces.create(project, {std::move(path), "local", std::nullopt}); };

  CHECK(outcome_detail(create("")) == "invalid/invalid_field");
  CHECK(outcome_detail(create("relative/dir")) == "invalid/invalid_field");
  CHECK(outcome_detail(create(std::string("/tmp/nul\0byte", 13))) == "invalid/invalid_field");
  CHECK(outcome_detail(create("/" + std::string(5000, 'a'))) == "invalid/invalid_field");
  CHECK(outcome_detail(create((user_files.path() / "missing").string())) == "invalid_state/path_not_found");
  CHECK(outcome_detail(create((user_files.path() / "file.txt").string())) == "invalid_state/not_a_directory");
  CHECK(outcome_detail(workspaces.create(project, {user_files.path().string(), "svn", std::nullopt})) ==
        "invalid/invalid_field");
  CHECK(outcome_detail(workspaces.create(project, {user_files.path().string(), "local", "bad\nname"})) ==
        "invalid/invalid_field");

  CHECK(last_event_id() == mark);
  CHECK(must(workspaces.list(project)).empty());
}

TEST_CASE_METHOD(ServiceFixture, "workspace display names are unique within a project", "[service][workspaces]") {
  WorkspaceService workspaces(context);
  const std::string project = add_project("P");
  const std::string other_project = add_project("Q");
  const store::Workspace first = add_local_workspace(project, "one");
  const store::Workspace second = add_local_workspace(project, "two");
  (void)notified();
  const std::int64_t mark = last_event_id();

  auto duplicate = workspaces.create(project, {second.path, "local", "one"});
  CHECK(outcome(duplicate) == "conflict");
  CHECK(duplicate.error().message.find("\"one\"") != std::string::npos);
  CHECK(outcome(workspaces.rename(project, second.id, "one")) == "conflict");
  CHECK(last_event_id() == mark);
  CHECK_FALSE(notified());

  // The same name in another project is fine.
  CHECK(must(workspaces.create(other_project, {first.path, "local", "one"})).display_name == "one");
}

TEST_CASE_METHOD(ServiceFixture, "a workspace is renamed, only in its own project", "[service][workspaces]") {
  WorkspaceService workspaces(context);
  const std::string project = add_project("P");
  const std::string other_project = add_project("Q");
  const store::Workspace workspace = add_local_workspace(project, "old");
  (void)notified();
  const std::int64_t mark = last_event_id();

  const store::Workspace renamed = must(workspaces.rename(project, workspace.id, " new "));
  CHECK(renamed.display_name == "new");
  CHECK(renamed.updated_at > workspace.updated_at);
  CHECK(must(workspaces.get(project, workspace.id)).display_name == "new");
  CHECK(event_types_since(project, mark) == std::vector<std::string>{"workspace.updated"});
  CHECK(notified());

  CHECK(outcome_detail(workspaces.rename(project, workspace.id, "")) == "invalid/invalid_field");
  CHECK(outcome(workspaces.rename(other_project, workspace.id, "x")) == "not_found");
  CHECK(outcome(workspaces.get(other_project, workspace.id)) == "not_found");
  CHECK(outcome(workspaces.rename(project, "00000000-0000-4000-8000-00000000beef", "x")) == "not_found");
  CHECK(event_types_since(project, mark).size() == 1);
}

TEST_CASE_METHOD(ServiceFixture, "deleting a local workspace keeps the user's folder", "[service][workspaces]") {
  WorkspaceService workspaces(context);
  SessionService sessions(context, sandboxes);
  const std::string project = add_project("P");
  const store::Workspace workspace = add_local_workspace(project, "keep-me");
  std::ofstream(fs::path(workspace.path) / "notes.txt") << "mine";
  const store::Session session = must(sessions.create(project, workspace.id, "chat", std::nullopt));
  (void)notified();

  CHECK(outcome(workspaces.remove(add_project("Q"), workspace.id)) == "not_found");
  const std::int64_t mark = last_event_id();
  must(workspaces.remove(project, workspace.id));
  CHECK(notified());
  CHECK(fs::exists(fs::path(workspace.path) / "notes.txt"));
  CHECK(outcome(workspaces.get(project, workspace.id)) == "not_found");
  CHECK(outcome(sessions.get(project, session.id)) == "not_found");  // its sessions went with it
  const std::vector<store::Event> events = events_since(project, mark);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "workspace.deleted");
  CHECK(nlohmann::json::parse(events[0].data_json) == nlohmann::json{{"id", workspace.id}});

  CHECK(outcome(workspaces.remove(project, workspace.id)) == "not_found");
}

TEST_CASE_METHOD(ServiceFixture, "a git URL that is unsafe or carries a password is refused", "[service][workspaces]") {
  WorkspaceService workspaces(context);
  const std::string project = add_project("P");
  const std::int64_t mark = last_event_id();
  auto create = [&](std::string url) { return workspaces.create(project, {std::move(url), "git", std::nullopt}); };

  CHECK(outcome_detail(create("--upload-pack=touch /tmp/pwned")) == "invalid/invalid_field");
  CHECK(outcome_detail(create("ext::sh -c touch% /tmp/pwned")) == "invalid/invalid_field");
  CHECK(outcome_detail(create("/plain/local/path")) == "invalid/invalid_field");
  CHECK(outcome_detail(create("")) == "invalid/invalid_field");
  auto with_password = create("https://user:hunter2@example.com/org/repo.git");
  CHECK(outcome_detail(with_password) == "invalid/invalid_field");
  CHECK(with_password.error().message.find("password") != std::string::npos);
  CHECK(last_event_id() == mark);
  CHECK(must(workspaces.list(project)).empty());
}

TEST_CASE_METHOD(ServiceFixture, "a git workspace is mirror-cloned in the background", "[service][workspaces][git]") {
  WorkspaceService workspaces(context);
  const std::string project = add_project("P");
  const std::string head = octobot::testing::make_bare_repo(user_files.path(), "upstream");
  const std::string url = "file://" + (user_files.path() / "upstream.git").string();
  const std::int64_t mark = last_event_id();

  const store::Workspace created = must(workspaces.create(project, {url, "git", std::nullopt}));
  CHECK(created.display_name == "upstream");
  CHECK(created.path == url);
  CHECK(created.status == "initializing");
  CHECK(created.mirror_path == (data_dir.path() / "mirrors" / (created.id + ".git")).string());

  const store::Workspace ready = settled_workspace(project, created.id);
  CHECK(ready.status == "ready");
  CHECK(ready.error_message.empty());
  CHECK(ready.commit_sha == head);
  CHECK(fs::is_directory(ready.mirror_path));
  CHECK(event_types_since(project, mark) ==
        std::vector<std::string>{"workspace.created", "workspace.updated", "workspace.updated"});
  const std::vector<store::Event> events = events_since(project, mark);
  CHECK(nlohmann::json::parse(events[1].data_json)["status"] == "cloning");
  CHECK(nlohmann::json::parse(events[2].data_json)["status"] == "ready");
  CHECK(events[2].data_json.find("mirrors") == std::string::npos);  // the mirror's location stays internal

  // Deleting the workspace deletes our mirror, not the repository it came from.
  must(workspaces.remove(project, created.id));
  CHECK_FALSE(fs::exists(ready.mirror_path));
  CHECK(fs::is_directory(user_files.path() / "upstream.git"));
}

TEST_CASE_METHOD(ServiceFixture, "a git clone that fails leaves the workspace in error", "[service][workspaces][git]") {
  WorkspaceService workspaces(context);
  const std::string project = add_project("P");
  const std::string url = "file://" + (user_files.path() / "nothing-here.git").string();

  const store::Workspace created = must(workspaces.create(project, {url, "git", "broken"}));
  const store::Workspace failed = settled_workspace(project, created.id);
  CHECK(failed.status == "error");
  CHECK_FALSE(failed.error_message.empty());
  CHECK(failed.commit_sha.empty());
  CHECK_FALSE(fs::exists(failed.mirror_path));
}

}  // namespace octobot::service::testing
