// SqlStore: workspaces (WorkspaceStore).
#include "server/store/sql_store.hpp"
#include "server/store/transaction.hpp"

namespace octobot::store {

Result<> SqlStore::create_workspace(const Workspace& w, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    auto inserted = x.run("INSERT INTO workspaces (" OCTOBOT_WORKSPACE_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          {w.id, w.project_id, w.display_name, w.path, w.source_type, w.status, w.error_message,
                           w.mirror_path, w.commit_sha, w.created_at, w.updated_at});
    if (!inserted) return inserted.error();
    return x.append_event(event);
  });
}

Result<Workspace> SqlStore::find_workspace(std::string_view project_id, std::string_view id) {
  return read_only<Workspace>(*database_, [&](Executor& x) {
    return x.find("SELECT " OCTOBOT_WORKSPACE_COLUMNS " FROM workspaces WHERE project_id = ? AND id = ?",
                  {project_id, id}, workspace_from_row, "workspace", id);
  });
}

Result<std::vector<Workspace>> SqlStore::list_workspaces(std::string_view project_id) {
  return read_only<std::vector<Workspace>>(*database_, [&](Executor& x) {
    return x.list("SELECT " OCTOBOT_WORKSPACE_COLUMNS " FROM workspaces WHERE project_id = ? ORDER BY created_at, id",
                  {project_id}, workspace_from_row);
  });
}

Result<> SqlStore::update_workspace(const Workspace& w, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    auto updated = x.change(
        "UPDATE workspaces SET display_name = ?, path = ?, source_type = ?, status = ?, error_message = ?,"
        " mirror_path = ?, commit_sha = ?, updated_at = ? WHERE project_id = ? AND id = ?",
        {w.display_name, w.path, w.source_type, w.status, w.error_message, w.mirror_path, w.commit_sha, w.updated_at,
         w.project_id, w.id},
        "workspace", w.id);
    if (!updated) return updated;
    return x.append_event(event);
  });
}

Result<> SqlStore::delete_workspace(std::string_view project_id, std::string_view id, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    // The foreign keys cascade to the workspace's sessions and their messages.
    auto deleted = x.change("DELETE FROM workspaces WHERE project_id = ? AND id = ?", {project_id, id}, "workspace", id);
    if (!deleted) return deleted;
    return x.append_event(event);
  });
}

}  // namespace octobot::store
