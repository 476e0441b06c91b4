// server/service/projects: the single-user project, creating, renaming and
// deleting projects, membership; the domain errors and the events.
#include "server/service/projects.hpp"
#include "tests/unit/server/service/service_fixture.hpp"

#include <nlohmann/json.hpp>

namespace octobot::service::testing {

TEST_CASE_METHOD(ServiceFixture, "ensure_single_user creates the local project once", "[service][projects]") {
  ProjectService projects(context);
  must(projects.ensure_single_user());
  const store::User anonymous = must(store->find_user(kAnonymousUserId));
  CHECK(anonymous.provider == "anonymous");
  const store::Project local = must(projects.get(kLocalProjectId));
  CHECK(local.name == "Local");
  CHECK(must(projects.role_of(kLocalProjectId, kAnonymousUserId)) == "owner");
  CHECK(event_types_since(std::string(kLocalProjectId), 0) == std::vector<std::string>{"project.created"});

  const std::int64_t mark = last_event_id();
  must(projects.ensure_single_user());  // idempotent: nothing new
  CHECK(event_types_since(std::string(kLocalProjectId), mark).empty());
  CHECK(must(projects.list(kAnonymousUserId)).size() == 1);
}

TEST_CASE_METHOD(ServiceFixture, "a project is created with its owner and an event", "[service][projects]") {
  ProjectService projects(context);
  must(projects.ensure_single_user());
  CHECK_FALSE(notified());

  const store::Project created = must(projects.create(kAnonymousUserId, "  Team work "));
  CHECK(created.name == "Team work");
  CHECK(crypto::is_uuid(created.id));
  CHECK(created.created_at == created.updated_at);
  CHECK(notified());
  CHECK(must(projects.role_of(created.id, kAnonymousUserId)) == "owner");

  const std::vector<store::Event> events = events_since(created.id, 0);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "project.created");
  CHECK(nlohmann::json::parse(events[0].data_json)["name"] == "Team work");

  const std::vector<store::Project> listed = must(projects.list(kAnonymousUserId));
  REQUIRE(listed.size() == 2);
  CHECK(listed[1].id == created.id);
}

TEST_CASE_METHOD(ServiceFixture, "creating a project refuses a bad name or an unknown owner", "[service][projects]") {
  ProjectService projects(context);
  must(projects.ensure_single_user());
  const std::int64_t mark = last_event_id();
  CHECK(outcome_detail(projects.create(kAnonymousUserId, "")) == "invalid/invalid_field");
  CHECK(outcome_detail(projects.create(kAnonymousUserId, std::string(201, 'n'))) == "invalid/invalid_field");
  CHECK(outcome(projects.create("00000000-0000-4000-8000-00000000beef", "Orphan")) == "not_found");
  CHECK(last_event_id() == mark);
  CHECK_FALSE(notified());
  CHECK(must(projects.list(kAnonymousUserId)).size() == 1);
}

TEST_CASE_METHOD(ServiceFixture, "a project is renamed; a missing one is not_found", "[service][projects]") {
  ProjectService projects(context);
  const std::string id = add_project("Before");
  (void)notified();
  const std::int64_t mark = last_event_id();

  const store::Project renamed = must(projects.rename(id, "After"));
  CHECK(renamed.name == "After");
  CHECK(renamed.updated_at > renamed.created_at);
  CHECK(must(projects.get(id)).name == "After");
  CHECK(event_types_since(id, mark) == std::vector<std::string>{"project.updated"});
  CHECK(notified());

  CHECK(outcome_detail(projects.rename(id, "\t")) == "invalid/invalid_field");
  CHECK(outcome(projects.rename("00000000-0000-4000-8000-00000000beef", "x")) == "not_found");
  CHECK(outcome(projects.get("00000000-0000-4000-8000-00000000beef")) == "not_found");
  CHECK(event_types_since(id, mark).size() == 1);
}

TEST_CASE_METHOD(ServiceFixture, "deleting a project; the local project is protected", "[service][projects]") {
  ProjectService projects(context);
  const std::string id = add_project("Doomed");
  (void)notified();

  auto protected_project = projects.remove(kLocalProjectId);
  CHECK(outcome_detail(protected_project) == "invalid_state/protected_project");
  CHECK(must(projects.get(kLocalProjectId)).id == kLocalProjectId);
  CHECK_FALSE(notified());

  const std::int64_t mark = last_event_id();
  must(projects.remove(id));
  CHECK(notified());
  CHECK(outcome(projects.get(id)) == "not_found");
  const std::vector<store::Event> events = events_since(id, mark);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "project.deleted");
  CHECK(nlohmann::json::parse(events[0].data_json) == nlohmann::json{{"id", id}});

  CHECK(outcome(projects.remove(id)) == "not_found");
}

TEST_CASE_METHOD(ServiceFixture, "role_of is not_found for a non-member or a missing project", "[service][projects]") {
  ProjectService projects(context);
  const std::string id = add_project("Mine");
  must(store->create_user({"00000000-0000-4000-8000-0000000000aa", "Other", "", "github", "other", 1}));
  auto stranger = projects.role_of(id, "00000000-0000-4000-8000-0000000000aa");
  CHECK(outcome(stranger) == "not_found");
  CHECK(stranger.error().message == "project \"" + id + "\" not found");
  CHECK(outcome(projects.role_of("00000000-0000-4000-8000-00000000beef", kAnonymousUserId)) == "not_found");
  CHECK(must(projects.list("00000000-0000-4000-8000-0000000000aa")).empty());
}

}  // namespace octobot::service::testing
