#include "agent-api/workspace/workspace_diff.hpp"

#include "lib/proc/run.hpp"

#include <cstdlib>
#include <unistd.h>

namespace octobot::agent_api {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr const char* kBaseRef = "refs/octobot/base";
constexpr const char* kEmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
constexpr std::size_t kMaxPatchBytes = 1024 * 1024;

FileError failed(std::string message) { return FileError{FileError::Kind::failed, std::move(message)}; }

// git in the workspace, with its own index when `index` is given.
class Git {
 public:
  Git(fs::path workspace, std::string index) : workspace_(std::move(workspace)), index_(std::move(index)) {}

  Expected<proc::ProcessResult, FileError> run(std::vector<std::string> args) const {
    std::vector<std::string> argv{"git", "-C", workspace_.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    proc::ProcessOptions options;
    options.timeout = std::chrono::seconds(120);
    options.max_output_bytes = 256 * 1024 * 1024;
    if (!index_.empty()) options.env_overrides.emplace_back("GIT_INDEX_FILE", index_);
    auto result = proc::run(argv, options);
    if (!result) return failed(result.error());
    return std::move(result).value();
  }

  // The output of a git command that must succeed.
  Expected<std::string, FileError> output(std::vector<std::string> args) const {
    auto result = run(args);
    if (!result) return result.error();
    if (!result->succeeded()) {
      return failed("git " + args.front() + " failed: " + result->stderr_text.substr(0, 500));
    }
    return std::move(result->stdout_text);
  }

 private:
  fs::path workspace_;
  std::string index_;
};

// A temporary directory removed with this object.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "octobot-diff.XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\0', start);
    fields.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return fields;
}

const char* status_name(char letter) {
  switch (letter) {
    case 'A': return "added";
    case 'D': return "deleted";
    case 'R': return "renamed";
    case 'C': return "copied";
    case 'T': return "typechange";
    default: return "modified";
  }
}

// `--name-status -z` then `--numstat -z` output → the files, in git's order.
Json files_from(const std::string& name_status, const std::string& numstat) {
  Json files = Json::array();
  const auto names = split_nul(name_status);
  for (std::size_t i = 0; i < names.size();) {
    const char letter = names[i].empty() ? 'M' : names[i][0];
    Json file = {{"status", status_name(letter)}};
    if ((letter == 'R' || letter == 'C') && i + 2 < names.size()) {
      file["oldPath"] = names[i + 1];
      file["path"] = names[i + 2];
      i += 3;
    } else {
      file["path"] = i + 1 < names.size() ? names[i + 1] : "";
      i += 2;
    }
    files.push_back(std::move(file));
  }
  // numstat: "added\tremoved\tpath" or, for renames and copies, "added\tremoved\t" old new.
  const auto stats = split_nul(numstat);
  std::size_t index = 0;
  for (std::size_t i = 0; i < stats.size() && index < files.size(); ++index) {
    const std::string& entry = stats[i];
    const auto tab1 = entry.find('\t');
    const auto tab2 = entry.find('\t', tab1 + 1);
    const std::string added = entry.substr(0, tab1);
    const std::string removed = entry.substr(tab1 + 1, tab2 - tab1 - 1);
    const bool binary = added == "-";
    files[index]["binary"] = binary;
    files[index]["added"] = binary ? 0 : std::atoll(added.c_str());
    files[index]["removed"] = binary ? 0 : std::atoll(removed.c_str());
    i += tab2 + 1 == entry.size() ? 3 : 1;  // an empty path after the tabs: old and new paths follow
  }
  return files;
}

// The unified diff of every file, split at its "diff --git" headers, in git's order.
std::vector<std::string> split_patches(const std::string& patch) {
  std::vector<std::string> parts;
  std::size_t start = patch.rfind("diff --git ", 0) == 0 ? 0 : patch.find("\ndiff --git ");
  while (start != std::string::npos && start < patch.size()) {
    if (patch[start] == '\n') ++start;
    const std::size_t next = patch.find("\ndiff --git ", start);
    parts.push_back(patch.substr(start, next == std::string::npos ? std::string::npos : next + 1 - start));
    start = next;
  }
  return parts;
}

}  // namespace

Expected<Json, FileError> workspace_diff(const fs::path& workspace, const DiffRequest& request) {
  const fs::path filter(request.path);
  if (filter.is_absolute() || request.path.find('\0') != std::string::npos) {
    return FileError{FileError::Kind::invalid, "the path must be relative to the workspace"};
  }
  for (const auto& part : filter) {
    if (part == "..") return FileError{FileError::Kind::invalid, "the path must not contain \"..\""};
  }
  ScratchDir scratch;
  if (scratch.path().empty()) return failed("cannot create a temporary directory");
  const std::string index = (scratch.path() / "index").string();
  const Git plain(workspace, "");
  const Git git(workspace, index);

  // The temporary index starts as a copy of the real one (its stat data spares rehashing unchanged files).
  auto git_dir = plain.output({"rev-parse", "--absolute-git-dir"});
  if (!git_dir) return git_dir.error();
  while (!git_dir->empty() && git_dir->back() == '\n') git_dir->pop_back();
  std::error_code ec;
  if (fs::exists(fs::path(*git_dir) / "index", ec)) fs::copy_file(fs::path(*git_dir) / "index", index, ec);
  if (ec) return failed("cannot copy the index: " + ec.message());
  if (auto added = git.output({"add", "--all", "--", "."}); !added) return added.error();

  auto base_sha = plain.run({"rev-parse", "--verify", "--quiet", std::string(kBaseRef) + "^{commit}"});
  if (!base_sha) return base_sha.error();
  std::string base = base_sha->succeeded() ? base_sha->stdout_text.substr(0, base_sha->stdout_text.find('\n')) : "";
  const std::string against = base.empty() ? kEmptyTree : base;

  std::vector<std::string> pathspec{"--"};
  if (!request.path.empty()) pathspec.push_back(":(literal)" + request.path);
  auto diff = [&](std::vector<std::string> args) {
    std::vector<std::string> all{"diff", "--cached", "-M", "--no-color", "--no-ext-diff"};
    all.insert(all.end(), args.begin(), args.end());
    all.push_back(against);
    all.insert(all.end(), pathspec.begin(), pathspec.end());
    return git.output(all);
  };
  auto name_status = diff({"--name-status", "-z"});
  if (!name_status) return name_status.error();
  auto numstat = diff({"--numstat", "-z"});
  if (!numstat) return numstat.error();
  Json files = files_from(*name_status, *numstat);

  if (!request.stat_only) {
    auto patch = diff({});
    if (!patch) return patch.error();
    const auto patches = split_patches(*patch);
    for (std::size_t i = 0; i < files.size() && i < patches.size(); ++i) {
      const bool cut = patches[i].size() > kMaxPatchBytes;
      files[i]["patch"] = cut ? patches[i].substr(0, kMaxPatchBytes) : patches[i];
      if (cut) files[i]["truncated"] = true;
    }
  }
  std::int64_t added = 0, removed = 0;
  for (const auto& file : files) {
    added += file.value("added", 0);
    removed += file.value("removed", 0);
  }
  return Json{{"base", base.empty() ? Json() : Json(base)},
              {"files", files},
              {"totals", {{"files", files.size()}, {"added", added}, {"removed", removed}}}};
}

}  // namespace octobot::agent_api
