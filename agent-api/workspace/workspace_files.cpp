#include "agent-api/workspace/workspace_files.hpp"

#include "lib/crypto/encoding.hpp"
#include "lib/fs/file_io.hpp"
#include "lib/fs/staged_file.hpp"

#include <algorithm>
#include <sys/stat.h>

namespace octobot::agent_api {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

FileError error(FileError::Kind kind, std::string message) { return FileError{kind, std::move(message)}; }

// Whether `path` is `root` or inside it, component by component (both canonical).
bool is_within(const fs::path& path, const fs::path& root) {
  auto [root_end, path_it] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

const char* type_name(fs::file_type type) {
  switch (type) {
    case fs::file_type::regular: return "file";
    case fs::file_type::directory: return "directory";
    case fs::file_type::symlink: return "symlink";
    default: return "other";
  }
}

// Valid UTF-8 without NUL: shown as text.
bool is_text(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return false;
    const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > bytes.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace

Expected<fs::path, FileError> WorkspaceFiles::resolve(const std::string& path) const {
  if (path.size() > 4096) return error(FileError::Kind::invalid, "the path is longer than 4096 bytes");
  if (path.find('\0') != std::string::npos) return error(FileError::Kind::invalid, "the path contains a NUL byte");
  const fs::path relative(path);
  if (relative.is_absolute()) {
    return error(FileError::Kind::invalid, "\"" + path + "\" is absolute: paths are relative to the workspace");
  }
  for (const auto& part : relative) {
    if (part == "..") return error(FileError::Kind::invalid, "\"" + path + "\" contains \"..\": paths stay in the workspace");
  }
  std::error_code ec;
  const fs::path root = fs::canonical(root_, ec);
  if (ec) return error(FileError::Kind::failed, "the workspace " + root_.string() + " is missing: " + ec.message());
  const fs::path resolved = fs::weakly_canonical(root / relative, ec);
  if (ec) return error(FileError::Kind::failed, "cannot resolve \"" + path + "\": " + ec.message());
  if (!is_within(resolved, root)) {
    return error(FileError::Kind::forbidden, "\"" + path + "\" leaves the workspace (through a symbolic link)");
  }
  return resolved;
}

Expected<Json, FileError> WorkspaceFiles::list(const std::string& path) const {
  auto dir = resolve(path);
  if (!dir) return dir.error();
  std::error_code ec;
  if (!fs::exists(*dir, ec)) return error(FileError::Kind::not_found, "\"" + path + "\" does not exist");
  if (!fs::is_directory(*dir, ec)) return error(FileError::Kind::invalid, "\"" + path + "\" is not a directory");
  const fs::path root = fs::canonical(root_, ec);
  const fs::path shown = fs::relative(*dir, root, ec).lexically_normal();
  const std::string prefix = shown == "." ? "" : shown.generic_string() + "/";
  Json entries = Json::array();
  std::error_code walk;
  for (const auto& entry : fs::directory_iterator(*dir, walk)) {
    std::error_code ignored;  // an entry that vanishes meanwhile is listed as "other"
    const auto status = entry.symlink_status(ignored);
    const std::string name = entry.path().filename().string();
    Json item = {{"name", name}, {"path", prefix + name}, {"type", type_name(status.type())}};
    if (status.type() == fs::file_type::regular) item["size"] = entry.file_size(ignored);
    entries.push_back(std::move(item));
  }
  if (walk) return error(FileError::Kind::failed, "cannot list \"" + path + "\": " + walk.message());
  std::sort(entries.begin(), entries.end(), [](const Json& a, const Json& b) {
    const bool a_dir = a["type"] == "directory", b_dir = b["type"] == "directory";
    return a_dir != b_dir ? a_dir : a["name"].get<std::string>() < b["name"].get<std::string>();
  });
  return Json{{"path", prefix.empty() ? "" : shown.generic_string()}, {"entries", entries}};
}

Expected<Json, FileError> WorkspaceFiles::read(const std::string& path) const {
  auto file = resolve(path);
  if (!file) return file.error();
  struct stat st {};
  if (::stat(file->c_str(), &st) != 0) return error(FileError::Kind::not_found, "\"" + path + "\" does not exist");
  if (S_ISDIR(st.st_mode)) return error(FileError::Kind::invalid, "\"" + path + "\" is a directory: list it with GET /files");
  if (!S_ISREG(st.st_mode)) {
    return error(FileError::Kind::forbidden, "\"" + path + "\" is not a regular file (a FIFO, device or socket)");
  }
  if (static_cast<std::size_t>(st.st_size) > kMaxFileBytes) {
    return error(FileError::Kind::too_large, "\"" + path + "\" has " + std::to_string(st.st_size) +
                                                 " bytes; at most " + std::to_string(kMaxFileBytes) + " are served");
  }
  auto content = files::read_small_file(file->string(), kMaxFileBytes, files::FileAccess::any, files::Symlinks::follow);
  if (!content) {
    const bool big = content.error().failure == files::FsFailure::too_large;
    return error(big ? FileError::Kind::too_large : FileError::Kind::failed, content.error().message);
  }
  const bool text = is_text(*content);
  return Json{{"path", path},
              {"size", content->size()},
              {"encoding", text ? "utf-8" : "base64"},
              {"content", text ? *content : crypto::base64_encode(*content)}};
}

Expected<Json, FileError> WorkspaceFiles::write(const std::string& path, const std::string& content) const {
  if (content.size() > kMaxFileBytes) {
    return error(FileError::Kind::too_large, "at most " + std::to_string(kMaxFileBytes) + " bytes can be written");
  }
  auto file = resolve(path);
  if (!file) return file.error();
  std::error_code ec;
  if (fs::path(path).filename().empty() || *file == fs::canonical(root_, ec)) {
    return error(FileError::Kind::invalid, "\"" + path + "\" names no file");
  }
  if (!fs::is_directory(file->parent_path(), ec)) {
    return error(FileError::Kind::not_found, "the directory of \"" + path + "\" does not exist");
  }
  mode_t mode = 0644;
  struct stat st {};
  if (::stat(file->c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) return error(FileError::Kind::forbidden, "\"" + path + "\" is not a regular file");
    mode = st.st_mode & 07777;
  }
  auto staged = files::StagedFile::write(file->string(), content, mode);
  if (!staged) return error(FileError::Kind::failed, staged.error().message);
  if (auto committed = staged->commit(); !committed) return error(FileError::Kind::failed, committed.error().message);
  return Json{{"path", path}, {"size", content.size()}};
}

}  // namespace octobot::agent_api
