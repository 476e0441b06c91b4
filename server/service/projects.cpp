#include "server/service/projects.hpp"

#include "server/service/network_policy.hpp"
#include "server/service/wire.hpp"

namespace octobot::service {

Result<> ProjectService::ensure_single_user() {
  auto& store = context_.store;
  if (!store.find_user(kAnonymousUserId)) {
    store::User user{std::string(kAnonymousUserId), "Local user", "", "anonymous", "local", context_.now_ms()};
    if (auto created = store.create_user(user); !created && created.error().code != store::Error::Code::conflict) {
      return describe(created.error(), "user");
    }
  }
  auto existing = store.find_project(kLocalProjectId);
  if (existing) return {};
  if (existing.error().code != store::Error::Code::not_found) return describe(existing.error(), "project");
  auto now = context_.now_ms();
  store::Project project{std::string(kLocalProjectId), "Local", now, now};
  store::Member owner{project.id, std::string(kAnonymousUserId), "owner", now};
  auto created = store.create_project(project, owner, make_event(context_, project.id, "project.created", wire::render(project)));
  if (!created && created.error().code != store::Error::Code::conflict) return describe(created.error(), "project");
  return {};
}

Result<std::vector<store::Project>> ProjectService::list(std::string_view user_id) {
  auto projects = context_.store.list_projects_for_user(user_id);
  if (!projects) return describe(projects.error(), "project");
  return std::move(projects).value();
}

Result<store::Project> ProjectService::create(std::string_view owner_user_id, std::string_view name) {
  auto valid_name = validate_name("name", name);
  if (!valid_name) return valid_name.error();
  auto now = context_.now_ms();
  store::Project project{crypto::uuid_v4(), *valid_name, now, now};
  store::Member owner{project.id, std::string(owner_user_id), "owner", now};
  auto created = context_.store.create_project(project, owner,
                                               make_event(context_, project.id, "project.created", wire::render(project)));
  if (!created) return describe(created.error(), "project");
  context_.hub.notify();
  return project;
}

Result<store::Project> ProjectService::get(std::string_view project_id) {
  auto project = context_.store.find_project(project_id);
  if (!project) return describe(project.error(), "project");
  return std::move(project).value();
}

Result<store::Project> ProjectService::rename(std::string_view project_id, std::string_view name) {
  return update(project_id, std::string(name), std::nullopt);
}

Result<store::Project> ProjectService::update(std::string_view project_id, const std::optional<std::string>& name,
                                              const std::optional<Json>& network_policy) {
  auto project = get(project_id);
  if (!project) return project.error();
  if (name) {
    auto valid_name = validate_name("name", *name);
    if (!valid_name) return valid_name.error();
    project->name = *valid_name;
  }
  if (network_policy) {
    auto policy = read_network_policy(*network_policy);
    if (!policy) return policy.error();
    project->network_policy_json = network_policy_json(*policy).dump();
  }
  project->updated_at = context_.now_ms();
  auto updated = context_.store.update_project(*project, make_event(context_, project_id, "project.updated", wire::render(*project)));
  if (!updated) return describe(updated.error(), "project");
  context_.hub.notify();
  if (network_policy && context_.egress_changed) context_.egress_changed(project_id);
  return project;
}

Result<> ProjectService::remove(std::string_view project_id) {
  if (project_id == kLocalProjectId) {
    return Error::invalid_state("the single-user project \"local\" cannot be deleted", "protected_project");
  }
  auto removed = context_.store.delete_project(project_id,
                                               make_event(context_, project_id, "project.deleted", Json{{"id", project_id}}.dump()));
  if (!removed) return describe(removed.error(), "project");
  context_.hub.notify();
  return {};
}

Result<std::string> ProjectService::role_of(std::string_view project_id, std::string_view user_id) {
  auto member = context_.store.find_member(project_id, user_id);
  if (!member) {
    if (member.error().code == store::Error::Code::not_found) {
      return Error::not_found("project \"" + std::string(project_id.substr(0, 64)) + "\" not found");
    }
    return describe(member.error(), "project");
  }
  return member->role;
}

}  // namespace octobot::service
