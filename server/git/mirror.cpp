#include "server/git/mirror.hpp"

#include "lib/proc/run.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <random>

namespace octobot::git {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxErrorLines = 8;
constexpr std::size_t kMaxErrorLineBytes = 300;
constexpr std::size_t kMaxGitOutputBytes = 1024 * 1024;
constexpr std::array<std::string_view, 4> kAllowedSchemes = {"https", "http", "ssh", "file"};

// ---- remote URLs -----------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

// Characters git accepts in a URL scheme or a remote-helper name.
bool is_scheme_char(char c, bool first) {
  const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (first) return alpha;
  return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

std::size_t scheme_length(std::string_view url) {
  std::size_t n = 0;
  while (n < url.size() && is_scheme_char(url[n], n == 0)) ++n;
  return n;
}

Expected<void, std::string> fail(std::string message) { return message; }

Expected<void, std::string> check_characters(std::string_view url) {
  if (url.empty()) return fail("remote URL is empty");
  if (url.size() > kMaxRemoteUrlBytes) {
    return fail("remote URL is longer than " + std::to_string(kMaxRemoteUrlBytes) + " bytes");
  }
  if (std::any_of(url.begin(), url.end(), is_control)) return fail("remote URL contains control characters");
  if (std::all_of(url.begin(), url.end(), is_space)) return fail("remote URL is blank");
  if (is_space(url.front()) || is_space(url.back())) return fail("remote URL has leading or trailing whitespace");
  if (url.front() == '-') return fail("remote URL must not start with '-'");
  return {};
}

// True when a user or host part starts with '-' once the brackets git accepts
// around hosts ("[host:port]", "[::1]") are set aside: ssh would take it for an option.
bool looks_like_option(std::string_view part) {
  while (part.starts_with('[')) part.remove_prefix(1);
  return part.starts_with('-');
}

// "[user@]host" of a URL or of scp-like syntax, the host possibly in brackets.
Expected<void, std::string> check_authority(std::string_view authority) {
  const std::size_t at = authority.rfind('@');
  const std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
  const std::string_view user = at == std::string_view::npos ? std::string_view() : authority.substr(0, at);
  if (host.empty()) return fail("remote URL has no host");
  if (looks_like_option(host) || looks_like_option(user)) {
    return fail("remote URL host or user must not start with '-'");
  }
  if (std::any_of(authority.begin(), authority.end(), is_space)) return fail("remote URL host contains whitespace");
  return {};
}

Expected<void, std::string> check_scheme_url(std::string_view scheme, std::string_view rest) {
  if (std::find(kAllowedSchemes.begin(), kAllowedSchemes.end(), scheme) == kAllowedSchemes.end()) {
    return fail("unsupported remote URL scheme '" + std::string(scheme) + "' (use https, http, ssh or file)");
  }
  if (scheme == "file") {
    if (rest.empty() || rest.front() != '/') return fail("file URLs must look like file:///absolute/path");
    return {};
  }
  return check_authority(rest.substr(0, rest.find_first_of("/?#")));
}

Expected<void, std::string> check_scp_like(std::string_view url) {
  const std::size_t colon = url.find(':');
  const std::size_t slash = url.find('/');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && slash < colon)) {
    return fail("local paths are not accepted as remote URLs; use file:///path");
  }
  if (colon + 1 == url.size()) return fail("remote URL has no path after ':'");
  return check_authority(url.substr(0, colon));
}

// ---- running git -----------------------------------------------------------

proc::ProcessOptions git_process_options(const MirrorOptions& options) {
  proc::ProcessOptions process;
  process.timeout = options.timeout;
  process.max_output_bytes = kMaxGitOutputBytes;
  // Inherited variables that would point git at another repository or config.
  process.env_unset = {"GIT_DIR",          "GIT_WORK_TREE",        "GIT_INDEX_FILE",
                       "GIT_NAMESPACE",    "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
                       "GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS"};
  process.env_overrides = {{"GIT_TERMINAL_PROMPT", "0"},
                           {"GIT_ASKPASS", "/bin/true"},
                           {"SSH_ASKPASS", "/bin/true"},
                           {"GIT_SSH_COMMAND", "ssh -o BatchMode=yes"},
                           {"LC_ALL", "C"}};
  return process;
}

std::vector<std::string> clone_argv(const MirrorOptions& options, std::string_view url, const fs::path& target) {
  return {options.git_program,
          "-c", "protocol.allow=never",
          "-c", "protocol.https.allow=always",
          "-c", "protocol.http.allow=always",
          "-c", "protocol.ssh.allow=always",
          "-c", "protocol.file.allow=always",
          "clone", "--mirror", "--quiet", "--end-of-options",
          std::string(url), target.string()};
}

std::string trim(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

// The last few non-empty lines of git's stderr, each cut short, credentials redacted.
std::string readable_stderr(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find_first_of("\r\n", start), text.size());
    std::string line = trim(text.substr(start, end - start));
    if (line.size() > kMaxErrorLineBytes) line = line.substr(0, kMaxErrorLineBytes) + "...";
    if (!line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  const std::size_t first = lines.size() > kMaxErrorLines ? lines.size() - kMaxErrorLines : 0;
  std::string joined;
  for (std::size_t i = first; i < lines.size(); ++i) joined += (joined.empty() ? "" : "\n") + lines[i];
  return redact_credentials(joined);
}

std::string failure_message(std::string_view what, const proc::ProcessResult& result,
                            const MirrorOptions& options) {
  if (result.timed_out) {
    return std::string(what) + " timed out after " + std::to_string(options.timeout.count()) + " s";
  }
  std::string details = readable_stderr(result.stderr_text);
  if (!details.empty()) return std::string(what) + " failed: " + details;
  if (result.term_signal != 0) {
    return std::string(what) + " was killed by signal " + std::to_string(result.term_signal);
  }
  return std::string(what) + " failed with exit code " + std::to_string(result.exit_code);
}

Expected<proc::ProcessResult, std::string> run_git(std::vector<std::string> argv, const MirrorOptions& options) {
  auto result = proc::run(argv, git_process_options(options));
  if (!result) return redact_credentials(result.error());
  return result;
}

// ---- reading a mirror --------------------------------------------------------

bool is_hex(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

std::string git_dir_arg(const fs::path& git_dir) { return "--git-dir=" + git_dir.string(); }

// HEAD's commit; empty when HEAD is unborn (exit 1 and nothing on stderr).
Expected<MirrorInfo, std::string> read_head_commit(const fs::path& git_dir, const MirrorOptions& options) {
  auto result = run_git({options.git_program, git_dir_arg(git_dir), "rev-parse", "--verify", "--quiet",
                         "HEAD^{commit}"},
                        options);
  if (!result) return result.error();
  MirrorInfo info;
  if (result->exit_code == 1 && trim(result->stderr_text).empty()) return info;
  if (!result->succeeded()) return failure_message("git rev-parse HEAD", *result, options);
  info.head_commit_sha = trim(result->stdout_text);
  if (!is_hex(info.head_commit_sha)) return std::string("git rev-parse HEAD printed no commit id");
  return info;
}

// The branch HEAD points to; empty when HEAD is detached (exit 1).
Expected<MirrorInfo, std::string> read_default_branch(const fs::path& git_dir, MirrorInfo info,
                                                      const MirrorOptions& options) {
  auto result =
      run_git({options.git_program, git_dir_arg(git_dir), "symbolic-ref", "--quiet", "--short", "HEAD"}, options);
  if (!result) return result.error();
  if (result->exit_code == 1 && trim(result->stderr_text).empty()) return info;
  if (!result->succeeded()) return failure_message("git symbolic-ref HEAD", *result, options);
  info.default_branch = trim(result->stdout_text);
  return info;
}

// ---- placing a mirror --------------------------------------------------------

bool path_exists(const fs::path& path) {
  std::error_code ec;
  return fs::symlink_status(path, ec).type() != fs::file_type::not_found || (ec && ec != std::errc::no_such_file_or_directory);
}

fs::path staging_path_for(const fs::path& destination) {
  std::random_device random;
  const auto suffix = (static_cast<unsigned long long>(random()) << 32) | random();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", suffix);
  return destination.parent_path() / ("." + destination.filename().string() + ".staging-" + hex);
}

void remove_quietly(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

// Renames from onto to unless to already exists (no replacing, even of an empty dir).
Expected<void, std::string> rename_no_replace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return {};
  int error = errno;
  if (error == EINVAL || error == ENOSYS) {  // the file system cannot do RENAME_NOREPLACE
    if (path_exists(to)) {
      error = EEXIST;
    } else if (::rename(from.c_str(), to.c_str()) == 0) {
      return {};
    } else {
      error = errno;
    }
  }
  if (error == EEXIST || error == ENOTEMPTY) return fail("destination '" + to.string() + "' already exists");
  return fail("cannot move the mirror into '" + to.string() + "': " + std::strerror(error));
}

Expected<fs::path, std::string> prepare_destination(const fs::path& destination) {
  fs::path target = destination.lexically_normal();
  if (!target.has_filename()) target = target.parent_path();
  if (target.empty() || target.filename() == "..") {
    return std::string("invalid mirror destination '" + destination.string() + "'");
  }
  if (path_exists(target)) return std::string("destination '" + target.string() + "' already exists");
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  if (ec) return std::string("cannot create '" + target.parent_path().string() + "': " + ec.message());
  return target;
}

Expected<MirrorInfo, std::string> clone_into(std::string_view url, const fs::path& staging,
                                             const MirrorOptions& options) {
  auto result = run_git(clone_argv(options, url, staging), options);
  if (!result) return result.error();
  if (!result->succeeded()) return failure_message("git clone", *result, options);
  return read_mirror_info(staging, options);
}

// ---- removing a mirror -------------------------------------------------------

bool strictly_inside(const fs::path& path, const fs::path& root) {
  auto [root_it, path_it] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_it == root.end() && path_it != path.end() && !path_it->empty();
}

// mirror_dir with every symlink in its parent dirs resolved; the last component stays as is.
Expected<fs::path, std::string> resolve_parent(const fs::path& mirror_dir) {
  std::error_code ec;
  fs::path path = fs::absolute(mirror_dir, ec).lexically_normal();
  if (ec) return std::string("cannot resolve '" + mirror_dir.string() + "': " + ec.message());
  if (!path.has_filename()) path = path.parent_path();
  const fs::path parent = fs::weakly_canonical(path.parent_path(), ec);
  if (ec) return std::string("cannot resolve '" + mirror_dir.string() + "': " + ec.message());
  return parent / path.filename();
}

}  // namespace

Expected<void, std::string> validate_remote_url(std::string_view url) {
  if (auto ok = check_characters(url); !ok) return ok;
  const std::size_t n = scheme_length(url);
  const std::string_view after = url.substr(n);
  if (n > 0 && after.starts_with("::")) {
    return fail("unsupported remote transport '" + std::string(url.substr(0, n)) + "::'");
  }
  if (n > 0 && after.starts_with("://")) return check_scheme_url(url.substr(0, n), after.substr(3));
  return check_scp_like(url);
}

std::string redact_credentials(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t marker = text.find("://", pos);
    if (marker == std::string_view::npos) break;
    const std::size_t start = marker + 3;
    const std::size_t end = std::min(text.find_first_of("/?# \t\r\n'\"<>", start), text.size());
    const std::size_t at = text.substr(start, end - start).rfind('@');
    out.append(text.substr(pos, start - pos));
    if (at != std::string_view::npos) {
      out += "***";
      out.append(text.substr(start + at, end - start - at));
    } else {
      out.append(text.substr(start, end - start));
    }
    pos = end;
  }
  out.append(text.substr(pos));
  return out;
}

Expected<MirrorInfo, std::string> clone_mirror(std::string_view url, const fs::path& destination,
                                               const MirrorOptions& options) {
  if (auto valid = validate_remote_url(url); !valid) return valid.error();
  auto target = prepare_destination(destination);
  if (!target) return target.error();
  const fs::path staging = staging_path_for(*target);

  auto info = clone_into(url, staging, options);
  if (info) {
    if (auto placed = rename_no_replace(staging, *target); !placed) info = placed.error();
  }
  if (!info) remove_quietly(staging);
  return info;
}

Expected<MirrorInfo, std::string> read_mirror_info(const fs::path& git_dir, const MirrorOptions& options) {
  auto info = read_head_commit(git_dir, options);
  if (!info) return info;
  return read_default_branch(git_dir, std::move(*info), options);
}

Expected<void, std::string> remove_mirror(const fs::path& mirrors_root, const fs::path& mirror_dir) {
  std::error_code ec;
  const fs::path root = fs::canonical(mirrors_root, ec);
  if (ec) return fail("mirrors root '" + mirrors_root.string() + "' cannot be resolved: " + ec.message());
  auto target = resolve_parent(mirror_dir);
  if (!target) return fail(target.error());
  if (!strictly_inside(*target, root)) {
    return fail("refusing to remove '" + mirror_dir.string() + "': it is not inside '" + root.string() + "'");
  }
  const fs::file_status status = fs::symlink_status(*target, ec);
  if (status.type() == fs::file_type::not_found) return {};
  if (ec) return fail("cannot inspect '" + mirror_dir.string() + "': " + ec.message());
  if (status.type() == fs::file_type::symlink) {
    return fail("refusing to remove '" + mirror_dir.string() + "': it is a symbolic link");
  }
  fs::remove_all(*target, ec);
  if (ec) return fail("cannot remove '" + mirror_dir.string() + "': " + ec.message());
  return {};
}

}  // namespace octobot::git
