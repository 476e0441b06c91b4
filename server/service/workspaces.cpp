#include "server/service/workspaces.hpp"

#include "server/service/wire.hpp"
#include "server/git/mirror.hpp"

#include <boost/asio/post.hpp>

namespace octobot::service {

namespace fs = std::filesystem;

namespace {

// The canonical directory for a local workspace, or the 4xx a person can act on.
Result<std::string> resolve_local_directory(std::string_view path) {
  if (path.empty()) return Error::invalid("field \"path\" must not be empty", "invalid_field");
  if (path.size() > 4096 || path.find('\0') != std::string_view::npos) {
    return Error::invalid("field \"path\" is not a valid path", "invalid_field");
  }
  fs::path requested{std::string(path)};
  if (!requested.is_absolute()) {
    return Error::invalid("field \"path\" must be an absolute path, got \"" + std::string(path) + "\"",
                                 "invalid_field");
  }
  std::error_code ec;
  fs::path resolved = fs::canonical(requested, ec);
  if (ec) {
    return Error::invalid_state("the folder \"" + std::string(path) + "\" does not exist on the server",
                                   "path_not_found");
  }
  if (!fs::is_directory(resolved, ec)) {
    return Error::invalid_state("\"" + std::string(path) + "\" is not a folder", "not_a_directory");
  }
  return resolved.string();
}

// True for "scheme://user:secret@host/..." (a user name alone, as in ssh://git@host, is fine).
bool url_has_password(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return false;
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find('/'));
  auto at = authority.rfind('@');
  return at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos;
}

// "https://host/org/repo.git" → "repo"; "/home/me/project" → "project".
std::string default_display_name(std::string_view path) {
  while (!path.empty() && (path.back() == '/' || path.back() == ':')) path.remove_suffix(1);
  auto cut = path.find_last_of("/:");
  std::string_view name = cut == std::string_view::npos ? path : path.substr(cut + 1);
  if (name.ends_with(".git")) name.remove_suffix(4);
  // At most 200 characters, cut on a UTF-8 character boundary.
  std::size_t end = 0;
  for (int count = 0; end < name.size() && count < 200; ++count) {
    ++end;
    while (end < name.size() && (name[end] & 0xC0) == 0x80) ++end;
  }
  return name.empty() ? std::string("workspace") : std::string(name.substr(0, end));
}

}  // namespace

Result<store::Workspace> WorkspaceService::create(std::string_view project_id, const NewWorkspace& input) {
  store::Workspace workspace;
  workspace.id = crypto::uuid_v4();
  workspace.project_id = std::string(project_id);
  workspace.source_type = input.source_type;
  if (input.source_type == "local") {
    auto directory = resolve_local_directory(input.path);
    if (!directory) return directory.error();
    workspace.path = *directory;
    workspace.status = "ready";
  } else if (input.source_type == "git") {
    if (auto valid = git::validate_remote_url(input.path); !valid) {
      return Error::invalid("field \"path\" is not a usable git URL: " + valid.error(), "invalid_field");
    }
    if (url_has_password(input.path)) {
      // The path is shown in responses and events and git would keep it in the mirror's config.
      return Error::invalid("field \"path\" must not contain a password (\"user:secret@\"); "
                                   "store secrets as credentials instead", "invalid_field");
    }
    workspace.path = input.path;
    workspace.status = "initializing";
    workspace.mirror_path = (mirrors_root() / (workspace.id + ".git")).string();
  } else {
    return Error::invalid("field \"sourceType\" must be \"local\" or \"git\"", "invalid_field");
  }
  auto name = validate_name("displayName", input.display_name.value_or(default_display_name(workspace.path)));
  if (!name) return name.error();
  workspace.display_name = *name;
  workspace.created_at = workspace.updated_at = context_.now_ms();

  auto saved = save_new(workspace);
  if (saved && workspace.source_type == "git") start_clone(workspace);
  return saved;
}

Result<store::Workspace> WorkspaceService::save_new(store::Workspace workspace) {
  auto event = make_event(context_, workspace.project_id, "workspace.created", wire::render(workspace));
  auto created = context_.store.create_workspace(workspace, event);
  if (!created) {
    if (created.error().code == store::Error::Code::conflict) {
      return Error::conflict("a workspace named \"" + workspace.display_name +
                                "\" already exists in this project; choose another displayName");
    }
    return describe(created.error(), "workspace");
  }
  context_.hub.notify();
  return workspace;
}

void WorkspaceService::start_clone(store::Workspace workspace) {
  boost::asio::post(context_.background, [this, workspace]() mutable {
    finish_clone(workspace.project_id, workspace.id, "cloning", "", "");
    std::error_code ec;
    fs::create_directories(mirrors_root(), ec);
    auto mirror = git::clone_mirror(workspace.path, workspace.mirror_path);
    if (mirror) {
      finish_clone(workspace.project_id, workspace.id, "ready", "", mirror->head_commit_sha);
    } else {
      finish_clone(workspace.project_id, workspace.id, "error", mirror.error(), "");
    }
  });
}

// Applies a clone state change; if the workspace was deleted meanwhile, drops our mirror.
void WorkspaceService::finish_clone(const std::string& project_id, const std::string& id, std::string status,
                                    std::string error, std::string commit_sha) {
  auto workspace = context_.store.find_workspace(project_id, id);
  if (!workspace) {
    (void)git::remove_mirror(mirrors_root(), mirrors_root() / (id + ".git"));
    return;
  }
  workspace->status = std::move(status);
  workspace->error_message = std::move(error);
  workspace->commit_sha = std::move(commit_sha);
  workspace->updated_at = context_.now_ms();
  auto event = make_event(context_, project_id, "workspace.updated", wire::render(*workspace));
  if (context_.store.update_workspace(*workspace, event)) context_.hub.notify();
}

Result<std::vector<store::Workspace>> WorkspaceService::list(std::string_view project_id) {
  auto workspaces = context_.store.list_workspaces(project_id);
  if (!workspaces) return describe(workspaces.error(), "workspace");
  return std::move(workspaces).value();
}

Result<store::Workspace> WorkspaceService::get(std::string_view project_id, std::string_view id) {
  auto workspace = context_.store.find_workspace(project_id, id);
  if (!workspace) return describe(workspace.error(), "workspace");
  return std::move(workspace).value();
}

Result<store::Workspace> WorkspaceService::rename(std::string_view project_id, std::string_view id,
                                                  std::string_view display_name) {
  auto name = validate_name("displayName", display_name);
  if (!name) return name.error();
  auto workspace = get(project_id, id);
  if (!workspace) return workspace.error();
  workspace->display_name = *name;
  workspace->updated_at = context_.now_ms();
  auto updated = context_.store.update_workspace(
      *workspace, make_event(context_, project_id, "workspace.updated", wire::render(*workspace)));
  if (!updated) {
    if (updated.error().code == store::Error::Code::conflict) {
      return Error::conflict("a workspace named \"" + *name + "\" already exists in this project");
    }
    return describe(updated.error(), "workspace");
  }
  context_.hub.notify();
  return workspace;
}

Result<> WorkspaceService::remove(std::string_view project_id, std::string_view id) {
  auto workspace = get(project_id, id);
  if (!workspace) return workspace.error();
  auto removed = context_.store.delete_workspace(project_id, id,
                                                 make_event(context_, project_id, "workspace.deleted", Json{{"id", id}}.dump()));
  if (!removed) return describe(removed.error(), "workspace");
  // Only our own mirror is removed; a local workspace's folder belongs to the user.
  if (!workspace->mirror_path.empty()) (void)git::remove_mirror(mirrors_root(), workspace->mirror_path);
  context_.hub.notify();
  return {};
}

}  // namespace octobot::service
