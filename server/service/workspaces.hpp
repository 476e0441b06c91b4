// Workspaces: a local folder or a git repository.
//
// A local path must be an absolute, existing directory; it is stored resolved
// (symlinks followed) and is never modified or deleted by the server. A git
// URL is validated (no argument-looking or exotic transports) and mirror-cloned
// in the background into <data-dir>/mirrors/<id>.git: status goes
// initializing → cloning → ready | error (with the message kept). Deleting a
// workspace removes its sessions and our mirror, never the user's folder.
#pragma once
#include "server/service/context.hpp"

namespace octobot::service {

struct NewWorkspace {
  std::string path;
  std::string source_type;  // "local" or "git"
  std::optional<std::string> display_name;
};

class WorkspaceService {
 public:
  explicit WorkspaceService(Context& context) : context_(context) {}

  Result<store::Workspace> create(std::string_view project_id, const NewWorkspace& input);
  Result<std::vector<store::Workspace>> list(std::string_view project_id);
  Result<store::Workspace> get(std::string_view project_id, std::string_view id);
  Result<store::Workspace> rename(std::string_view project_id, std::string_view id, std::string_view display_name);
  Result<> remove(std::string_view project_id, std::string_view id);

 private:
  Result<store::Workspace> save_new(store::Workspace workspace);
  void start_clone(store::Workspace workspace);
  void finish_clone(const std::string& project_id, const std::string& id, std::string status, std::string error,
                    std::string commit_sha);
  std::filesystem::path mirrors_root() const { return context_.data_dir / "mirrors"; }

  Context& context_;
};

}  // namespace octobot::service
