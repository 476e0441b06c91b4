// Bare mirror clones of a workspace's remote, kept in the server's data dir.
//
// Contract:
// - validate_remote_url() accepts only https://, http://, ssh://, file:// URLs
//   and scp-like [user@]host:path; it rejects empty or blank input, a leading
//   '-' (option injection such as --upload-pack=...), other transports
//   (ext::, fd::, <helper>::, git://, plain local paths), control characters,
//   surrounding whitespace, a user or host starting with '-' (bracketed or
//   not: "[-oProxyCommand=...]"), and more than
//   kMaxRemoteUrlBytes bytes.
// - clone_mirror() validates the URL, then runs `git clone --mirror` through
//   lib/proc with argv only (`--end-of-options` before the URL), only the four
//   transports above enabled (protocol.allow=never otherwise), no prompts
//   (GIT_TERMINAL_PROMPT=0, askpass /bin/true, ssh BatchMode) and LC_ALL=C.
//   It clones into a hidden staging dir next to the destination (creating the
//   parent dirs) and renames it into place without replacing anything, so the
//   destination either does not exist or holds a complete mirror. On any
//   failure the staging dir is removed and the error reads like git's own
//   message, trimmed, with credentials in URLs redacted. An existing
//   destination is an error. It blocks for up to options.timeout: run it off
//   the event loop.
// - read_mirror_info() reports HEAD's commit (empty for an empty repository)
//   and the branch HEAD points to (empty when HEAD is detached).
// - remove_mirror() deletes a mirror only if, after resolving symlinks in its
//   parent dirs, it is strictly inside mirrors_root and is not itself a symlink.
//   A mirror that does not exist is already removed (success).
// - Errors are values; nothing here throws except std::bad_alloc.
#pragma once
#include "lib/result.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace octobot::git {

constexpr std::size_t kMaxRemoteUrlBytes = 2048;

Expected<void, std::string> validate_remote_url(std::string_view url);

// Replaces the user-info of every "scheme://user[:password]@" in text with "***".
std::string redact_credentials(std::string_view text);

struct MirrorInfo {
  std::string head_commit_sha;  // 40 hex digits, or empty for an empty repository
  std::string default_branch;   // e.g. "main"; empty when HEAD is detached
};

struct MirrorOptions {
  std::chrono::seconds timeout{600};
  std::string git_program = "git";  // looked up in PATH
};

Expected<MirrorInfo, std::string> clone_mirror(std::string_view url, const std::filesystem::path& destination,
                                               const MirrorOptions& options = {});

Expected<MirrorInfo, std::string> read_mirror_info(const std::filesystem::path& git_dir,
                                                   const MirrorOptions& options = {});

Expected<void, std::string> remove_mirror(const std::filesystem::path& mirrors_root,
                                          const std::filesystem::path& mirror_dir);

}  // namespace octobot::git
