#include "agent-api/workspace/session_work.hpp"

#include "agent-api/workspace/git_runner.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace octobot::agent_api {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTurnsPrefix = "refs/octobot/turns/";
// No hooks, no helper protocols: only what the server asked for runs.
const std::vector<std::string> kSafeGit{"-c", "core.hooksPath=/dev/null", "-c", "protocol.allow=never",
                                        "-c", "protocol.https.allow=always", "-c", "protocol.file.allow=always"};

FileError invalid(std::string message) { return FileError{FileError::Kind::invalid, std::move(message)}; }
FileError failed(std::string message) { return FileError{FileError::Kind::failed, std::move(message)}; }

std::vector<std::string> safe(std::vector<std::string> args) {
  args.insert(args.begin(), kSafeGit.begin(), kSafeGit.end());
  return args;
}

Expected<WorkSummary, FileError> describe(const GitRunner& git, std::string branch, bool committed_pending) {
  WorkSummary summary;
  summary.branch = std::move(branch);
  summary.committed_pending = committed_pending;
  auto base = git.line({"rev-parse", "--verify", std::string(kBaseRef) + "^{commit}"});
  if (!base) return failed("the workspace has no base commit (" + std::string(kBaseRef) + ")");
  auto head = git.line({"rev-parse", "--verify", "HEAD^{commit}"});
  if (!head) return head.error();
  auto count = git.line({"rev-list", "--count", *base + ".." + *head});
  if (!count) return count.error();
  summary.base = *base;
  summary.head = *head;
  summary.commits = std::stoi(*count);
  return summary;
}

Expected<std::string, FileError> current_branch(const GitRunner& git) {
  auto branch = git.line({"symbolic-ref", "--quiet", "--short", "HEAD"});
  if (!branch) return failed("the workspace is not on a branch (detached HEAD)");
  return branch;
}

// "HEAD" or "turns/<n>" → the full ref; nullopt for anything else.
std::optional<std::string> work_ref(const std::string& ref) {
  if (ref == "HEAD") return ref;
  if (!ref.starts_with("turns/")) return std::nullopt;
  const std::string number = ref.substr(6);
  if (number.empty() || number.size() > 8 || number.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return kTurnsPrefix + number;
}

Expected<std::string, FileError> read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return failed("cannot read " + path.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool is_hex_commit(const std::string& text) {
  return text.size() == 40 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

bool is_pushable_url(const std::string& url) {
  if (!url.starts_with("https://") || url.size() > 2048) return false;
  const std::string_view authority = std::string_view(url).substr(8, url.find('/', 8) - 8);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return false;  // no user or token in it
  return std::none_of(url.begin(), url.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f || c == '\\'; });
}

bool is_branch_name(const std::string& branch) {
  if (branch.empty() || branch.size() > 200 || branch.front() == '-' || branch.front() == '/' ||
      branch.back() == '/' || branch.back() == '.' || branch.ends_with(".lock")) {
    return false;
  }
  if (branch.find("..") != std::string::npos || branch.find("//") != std::string::npos ||
      branch.find("/.") != std::string::npos || branch.front() == '.') {
    return false;
  }
  return std::all_of(branch.begin(), branch.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/';
  });
}

Expected<WorkSummary, FileError> commit_pending_work(const fs::path& workspace, const std::string& message) {
  const GitRunner git(workspace);
  auto branch = current_branch(git);
  if (!branch) return branch.error();
  if (auto added = git.output({"add", "--all"}); !added) return added.error();
  auto staged = git.run({"diff", "--cached", "--quiet"});
  if (!staged) return staged.error();
  const bool pending = staged->exit_code == 1;
  if (pending) {
    auto committed = git.output(safe({"-c", "user.name=Octobot", "-c", "user.email=octobot@localhost", "commit",
                                      "--quiet", "--no-verify", "-m", message}));
    if (!committed) return committed.error();
  }
  return describe(git, *branch, pending);
}

Expected<std::string, FileError> bundle_work(const fs::path& workspace, const std::string& ref) {
  const GitRunner git(workspace);
  const auto target = work_ref(ref);
  if (!target) return invalid("ref must be \"HEAD\" or \"turns/<n>\"");
  auto commit = git.run({"rev-parse", "--verify", "--quiet", *target + "^{commit}"});
  if (!commit) return commit.error();
  if (!commit->succeeded()) return FileError{FileError::Kind::not_found, "no snapshot " + ref};
  auto base = git.line({"rev-parse", "--verify", std::string(kBaseRef) + "^{commit}"});
  if (!base) return failed("the workspace has no base commit (" + std::string(kBaseRef) + ")");
  ScratchDir scratch;
  if (scratch.path().empty()) return failed("cannot create a temporary directory");
  const fs::path file = scratch.path() / "work.bundle";
  if (commit->stdout_text.substr(0, 40) == *base) return invalid("there is no work since the base to bundle");
  if (auto made = git.output({"bundle", "create", "--quiet", file.string(), *target, "^" + *base}); !made) {
    return made.error();
  }
  return read_whole(file);
}

Expected<std::string, FileError> format_patch(const fs::path& workspace) {
  const GitRunner git(workspace);
  auto base = git.line({"rev-parse", "--verify", std::string(kBaseRef) + "^{commit}"});
  if (!base) return failed("the workspace has no base commit (" + std::string(kBaseRef) + ")");
  return git.output({"format-patch", "--stdout", "--no-signature", *base + "..HEAD"});
}

Expected<WorkSummary, FileError> push_work(const fs::path& workspace, const PushRequest& request) {
  if (!is_pushable_url(request.url)) return invalid("the remote must be an https:// URL without user or token in it");
  if (!is_branch_name(request.branch)) return invalid("\"" + request.branch.substr(0, 100) + "\" is not a branch name");
  const GitRunner git(workspace);
  std::vector<std::string> args;
  if (!request.authorization.empty()) {
    args = {"-c", "credential.helper=", "-c", "http.extraHeader=Authorization: " + request.authorization};
  }
  for (const char* part : {"push", "--porcelain", "--end-of-options"}) args.emplace_back(part);
  args.push_back(request.url);
  args.push_back("HEAD:refs/heads/" + request.branch);
  auto pushed = git.run(safe(args));
  if (!pushed) return pushed.error();
  if (!pushed->succeeded()) {
    return failed("git push to " + request.url + " failed: " + (pushed->stderr_text + pushed->stdout_text).substr(0, 1000));
  }
  return describe(git, request.branch, false);
}

Expected<WorkSummary, FileError> restore_snapshot(const fs::path& workspace, const std::string& bundle,
                                                  const std::string& snapshot, const std::string& base) {
  if (!is_hex_commit(snapshot) || !is_hex_commit(base)) return invalid("snapshot and base must be commit ids");
  const GitRunner git(workspace);
  auto branch = current_branch(git);
  if (!branch) return branch.error();
  ScratchDir scratch;
  if (scratch.path().empty()) return failed("cannot create a temporary directory");
  const fs::path file = scratch.path() / "fork.bundle";
  {
    std::ofstream out(file, std::ios::binary);
    out.write(bundle.data(), static_cast<std::streamsize>(bundle.size()));
    if (!out) return failed("cannot write the bundle");
  }
  if (auto unbundled = git.output({"bundle", "unbundle", file.string()}); !unbundled) {
    return invalid("the snapshot does not apply to this workspace: " + unbundled.error().message);
  }
  auto parents = git.line({"rev-list", "--parents", "-n", "1", snapshot});
  if (!parents) return invalid("the bundle does not hold the snapshot " + snapshot);
  const std::string parent = parents->size() > 41 ? parents->substr(41, 40) : base;
  if (auto reset = git.output({"reset", "--quiet", "--hard", snapshot}); !reset) return reset.error();
  if (auto reset = git.output({"reset", "--quiet", "--mixed", parent}); !reset) return reset.error();
  if (auto updated = git.output({"update-ref", kBaseRef, base}); !updated) return updated.error();
  return describe(git, *branch, false);
}

}  // namespace octobot::agent_api
