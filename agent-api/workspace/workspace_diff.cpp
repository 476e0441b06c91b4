#include "agent-api/workspace/workspace_diff.hpp"

#include "agent-api/workspace/git_runner.hpp"

#include <cstdlib>

namespace octobot::agent_api {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr std::size_t kMaxPatchBytes = 1024 * 1024;

FileError failed(std::string message) { return FileError{FileError::Kind::failed, std::move(message)}; }

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
  const GitRunner plain(workspace);
  const GitRunner git(workspace, (scratch.path() / "index").string());
  if (auto staged = git.stage_working_tree(); !staged) return staged.error();

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
