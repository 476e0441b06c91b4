#include "server/store/sql_store_references.hpp"

namespace octobot::store {
namespace {

// not_found unless a row of `table` with this id belongs to the project.
Result<> require_in_project(Executor& x, std::string_view table_sql, std::string_view what,
                            std::string_view project_id, std::string_view id) {
  auto found = x.run(table_sql, {project_id, id});
  if (!found) return found.error();
  if (found->rows.empty()) return not_found(what, id);
  return {};
}

}  // namespace

Result<> require_workspace(Executor& x, std::string_view project_id, std::string_view id) {
  return require_in_project(x, "SELECT 1 FROM workspaces WHERE project_id = ? AND id = ?", "workspace", project_id, id);
}

Result<> require_session(Executor& x, std::string_view project_id, std::string_view id) {
  return require_in_project(x, "SELECT 1 FROM sessions WHERE project_id = ? AND id = ?", "session", project_id, id);
}

Result<> require_agent_if_any(Executor& x, std::string_view project_id, std::string_view id) {
  if (id.empty()) return {};
  return require_in_project(x, "SELECT 1 FROM agents WHERE project_id = ? AND id = ?", "agent", project_id, id);
}

}  // namespace octobot::store
