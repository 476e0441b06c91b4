#include "agent-api/workspace/git_runner.hpp"

#include <unistd.h>

namespace octobot::agent_api {

namespace fs = std::filesystem;

namespace {
FileError failed(std::string message) { return FileError{FileError::Kind::failed, std::move(message)}; }
}  // namespace

Expected<proc::ProcessResult, FileError> GitRunner::run(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"git", "-C", workspace_.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  proc::ProcessOptions options;
  options.timeout = std::chrono::seconds(120);
  options.max_output_bytes = 256 * 1024 * 1024;
  options.env_overrides.emplace_back("GIT_TERMINAL_PROMPT", "0");  // never wait for a password
  if (!index_.empty()) options.env_overrides.emplace_back("GIT_INDEX_FILE", index_);
  auto result = proc::run(argv, options);
  if (!result) return failed(result.error());
  return std::move(result).value();
}

Expected<std::string, FileError> GitRunner::output(const std::vector<std::string>& args) const {
  auto result = run(args);
  if (!result) return result.error();
  if (!result->succeeded()) return failed("git " + args.front() + " failed: " + result->stderr_text.substr(0, 500));
  return std::move(result->stdout_text);
}

Expected<std::string, FileError> GitRunner::line(const std::vector<std::string>& args) const {
  auto text = output(args);
  if (!text) return text.error();
  while (!text->empty() && text->back() == '\n') text->pop_back();
  return text;
}

Expected<fs::path, FileError> GitRunner::git_dir() const {
  auto dir = line({"rev-parse", "--absolute-git-dir"});
  if (!dir) return dir.error();
  return fs::path(*dir);
}

Expected<void, FileError> GitRunner::stage_working_tree() const {
  auto dir = git_dir();
  if (!dir) return dir.error();
  std::error_code ec;
  if (fs::exists(*dir / "index", ec)) fs::copy_file(*dir / "index", index_, fs::copy_options::overwrite_existing, ec);
  if (ec) return failed("cannot copy the index: " + ec.message());
  if (auto added = output({"add", "--all", "--", "."}); !added) return added.error();
  return {};
}

ScratchDir::ScratchDir() {
  std::string pattern = (fs::temp_directory_path() / "octobot-git.XXXXXX").string();
  if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  if (!path_.empty()) fs::remove_all(path_, ignored);
}

}  // namespace octobot::agent_api
