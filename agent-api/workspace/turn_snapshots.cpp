#include "agent-api/workspace/turn_snapshots.hpp"

#include "agent-api/workspace/git_runner.hpp"

#include <sstream>

namespace octobot::agent_api {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr const char* kTurnsPrefix = "refs/octobot/turns/";

// The recorded snapshots: turn number → commit, in order.
Expected<std::vector<std::pair<int, std::string>>, FileError> snapshots(const GitRunner& git) {
  auto refs = git.output({"for-each-ref", "--format=%(refname) %(objectname)", kTurnsPrefix});
  if (!refs) return refs.error();
  std::vector<std::pair<int, std::string>> found;
  std::istringstream lines(*refs);
  for (std::string ref, commit; lines >> ref >> commit;) {
    const std::string number = ref.substr(std::string(kTurnsPrefix).size());
    if (!number.empty() && number.find_first_not_of("0123456789") == std::string::npos && number.size() < 9) {
      found.emplace_back(std::stoi(number), commit);
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

Expected<int, FileError> record_turn_snapshot(const fs::path& workspace) {
  ScratchDir scratch;
  if (scratch.path().empty()) return FileError{FileError::Kind::failed, "cannot create a temporary directory"};
  const GitRunner plain(workspace);
  const GitRunner git(workspace, (scratch.path() / "index").string());
  if (auto staged = git.stage_working_tree(); !staged) return staged.error();
  auto tree = git.line({"write-tree"});
  if (!tree) return tree.error();
  auto head = plain.run({"rev-parse", "--verify", "--quiet", "HEAD^{commit}"});
  if (!head) return head.error();
  auto existing = snapshots(plain);
  if (!existing) return existing.error();
  const int turn = existing->empty() ? 1 : existing->back().first + 1;
  std::vector<std::string> commit_tree{"-c", "user.name=Octobot", "-c", "user.email=octobot@localhost", "commit-tree",
                                       *tree, "-m", "octobot: the workspace after turn " + std::to_string(turn)};
  if (head->succeeded()) {
    commit_tree.push_back("-p");
    commit_tree.push_back(head->stdout_text.substr(0, head->stdout_text.find('\n')));
  }
  auto commit = plain.line(commit_tree);
  if (!commit) return commit.error();
  // Only if the ref does not exist yet: two recorders never overwrite each other.
  const std::string ref = kTurnsPrefix + std::to_string(turn);
  if (auto updated = plain.output({"update-ref", ref, *commit, ""}); !updated) return updated.error();
  return turn;
}

Expected<Json, FileError> list_turn_snapshots(const fs::path& workspace) {
  const GitRunner git(workspace);
  auto found = snapshots(git);
  if (!found) return found.error();
  auto base = git.run({"rev-parse", "--verify", "--quiet", std::string(kBaseRef) + "^{commit}"});
  if (!base) return base.error();
  const std::string base_commit = base->succeeded() ? base->stdout_text.substr(0, base->stdout_text.find('\n')) : "";
  std::string previous = base_commit.empty() ? kEmptyTree : base_commit;
  Json turns = Json::array();
  for (const auto& [turn, commit] : *found) {
    auto numstat = git.output({"diff", "--numstat", "-M", "--no-color", previous, commit, "--"});
    if (!numstat) return numstat.error();
    std::int64_t files = 0, added = 0, removed = 0;
    std::istringstream lines(*numstat);
    for (std::string line; std::getline(lines, line);) {
      ++files;
      std::istringstream fields(line);
      std::string plus, minus;
      fields >> plus >> minus;
      if (plus != "-") added += std::atoll(plus.c_str());
      if (minus != "-") removed += std::atoll(minus.c_str());
    }
    turns.push_back({{"turn", turn}, {"commit", commit}, {"files", files}, {"added", added}, {"removed", removed}});
    previous = commit;
  }
  return Json{{"base", base_commit.empty() ? Json() : Json(base_commit)}, {"turns", turns}};
}

}  // namespace octobot::agent_api
