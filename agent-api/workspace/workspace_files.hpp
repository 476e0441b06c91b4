// WorkspaceFiles: the session workspace's files as the agent API serves them
// (GET /files, GET /files/content, PUT /files/content).
//
// Contract:
// - Every path is relative to the workspace root, "/"-separated; "" or "."
//   is the root. Refused with kind `invalid`: absolute paths, "..", NUL, more
//   than 4096 bytes. Refused with kind `forbidden`: a path that leaves the
//   workspace once symlinks are resolved, and anything that is not a regular
//   file or a directory (FIFOs, devices, sockets). Missing: `not_found`.
// - list(dir): the entries of a directory, directories first, then by name;
//   each {name, path, type: file|directory|symlink|other, size}. A symlink
//   is listed as such (not followed).
// - read(file): at most kMaxFileBytes (else `too_large`); text that is valid
//   UTF-8 without NUL comes as encoding "utf-8", anything else as "base64".
// - write(file, content): replaces or creates a regular file atomically (a
//   reader sees the old or the new content, never a mix); its directory must
//   exist; an existing file keeps its mode, a new one gets 0644. At most
//   kMaxFileBytes.
// - Errors carry a message naming the path and what is wrong.
#pragma once
#include "lib/result.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <string>

namespace octobot::agent_api {

struct FileError {
  enum class Kind { invalid, not_found, forbidden, too_large, failed };
  Kind kind;
  std::string message;
};

class WorkspaceFiles {
 public:
  static constexpr std::size_t kMaxFileBytes = 10 * 1024 * 1024;

  explicit WorkspaceFiles(std::filesystem::path root) : root_(std::move(root)) {}
  const std::filesystem::path& root() const { return root_; }

  Expected<nlohmann::json, FileError> list(const std::string& path) const;
  Expected<nlohmann::json, FileError> read(const std::string& path) const;
  Expected<nlohmann::json, FileError> write(const std::string& path, const std::string& content) const;

 private:
  // The path's location on disk, confined to the workspace (symlinks resolved).
  Expected<std::filesystem::path, FileError> resolve(const std::string& path) const;
  std::filesystem::path root_;
};

}  // namespace octobot::agent_api
