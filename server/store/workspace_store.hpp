// WorkspaceStore: the workspaces of a project.
//
// Contract (beyond what every store interface promises, see store.hpp):
// - A display name is unique within its project (conflict otherwise); a
//   workspace of a missing project is not_found.
// - list_workspaces: oldest first.
// - update_workspace writes every field but the id, project and creation time.
// - Deleting a workspace deletes its sessions and their messages.
#pragma once
#include "server/store/error.hpp"
#include "server/store/records.hpp"

#include <string_view>
#include <vector>

namespace octobot::store {

class WorkspaceStore {
 public:
  virtual ~WorkspaceStore() = default;

  virtual Result<> create_workspace(const Workspace& workspace, const EventDraft& event) = 0;
  virtual Result<Workspace> find_workspace(std::string_view project_id, std::string_view id) = 0;
  virtual Result<std::vector<Workspace>> list_workspaces(std::string_view project_id) = 0;
  virtual Result<> update_workspace(const Workspace& workspace, const EventDraft& event) = 0;
  virtual Result<> delete_workspace(std::string_view project_id, std::string_view id, const EventDraft& event) = 0;
};

}  // namespace octobot::store
