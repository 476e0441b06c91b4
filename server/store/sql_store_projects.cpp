// SqlStore: users, projects and membership (ProjectStore).
#include "server/store/sql_store.hpp"
#include "server/store/transaction.hpp"

namespace octobot::store {

Result<> SqlStore::create_user(const User& user) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    auto inserted = x.run("INSERT INTO users (" OCTOBOT_USER_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?)",
                          {user.id, user.name, user.email, user.provider, user.subject, user.created_at});
    if (!inserted) return inserted.error();
    return {};
  });
}

Result<User> SqlStore::find_user(std::string_view id) {
  return read_only<User>(*database_, [&](Executor& x) {
    return x.find("SELECT " OCTOBOT_USER_COLUMNS " FROM users WHERE id = ?", {id}, user_from_row, "user", id);
  });
}

Result<> SqlStore::create_project(const Project& project, const Member& owner, const EventDraft& event) {
  if (owner.project_id != project.id) {
    return Error{Error::Code::invalid, "the owner's project_id must be the new project's id"};
  }
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    auto inserted = x.run("INSERT INTO projects (" OCTOBOT_PROJECT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          {project.id, project.name, project.created_at, project.updated_at,
                           project.network_policy_json, project.usage.input_tokens, project.usage.output_tokens,
                           project.usage.cached_tokens, project.usage.cost_micros});
    if (!inserted) return inserted.error();
    auto member = x.run("INSERT INTO project_members (" OCTOBOT_MEMBER_COLUMNS ") VALUES (?, ?, ?, ?)",
                        {owner.project_id, owner.user_id, owner.role, owner.created_at});
    if (!member) return member.error();
    return x.append_event(event);
  });
}

Result<Project> SqlStore::find_project(std::string_view id) {
  return read_only<Project>(*database_, [&](Executor& x) {
    return x.find("SELECT " OCTOBOT_PROJECT_COLUMNS " FROM projects WHERE id = ?", {id}, project_from_row, "project",
                  id);
  });
}

Result<std::vector<Project>> SqlStore::list_projects_for_user(std::string_view user_id) {
  return read_only<std::vector<Project>>(*database_, [&](Executor& x) {
    return x.list(
        "SELECT p.id, p.name, p.created_at, p.updated_at, p.network_policy_json, p.input_tokens, p.output_tokens,"
        " p.cached_tokens, p.cost_micros FROM projects p"
        " JOIN project_members m ON m.project_id = p.id"
        " WHERE m.user_id = ? ORDER BY p.created_at, p.id",
        {user_id}, project_from_row);
  });
}

Result<> SqlStore::update_project(const Project& project, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    auto updated = x.change("UPDATE projects SET name = ?, updated_at = ?, network_policy_json = ? WHERE id = ?",
                            {project.name, project.updated_at, project.network_policy_json, project.id}, "project", project.id);
    if (!updated) return updated;
    return x.append_event(event);
  });
}

Result<> SqlStore::delete_project(std::string_view id, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    // The foreign keys cascade to everything the project owns.
    auto deleted = x.change("DELETE FROM projects WHERE id = ?", {id}, "project", id);
    if (!deleted) return deleted;
    auto old_events = x.run("DELETE FROM events WHERE project_id = ?", {id});
    if (!old_events) return old_events.error();
    return x.append_event(event);
  });
}

Result<Member> SqlStore::find_member(std::string_view project_id, std::string_view user_id) {
  return read_only<Member>(*database_, [&](Executor& x) {
    return x.find("SELECT " OCTOBOT_MEMBER_COLUMNS " FROM project_members WHERE project_id = ? AND user_id = ?",
                  {project_id, user_id}, member_from_row, "member", user_id);
  });
}

}  // namespace octobot::store
