#include "server/git/snapshot.hpp"

#include "lib/proc/run.hpp"

#include <system_error>
#include <unistd.h>

namespace octobot::git {
namespace fs = std::filesystem;

namespace {

Expected<void, std::string> copy_tree(const fs::path& source, const fs::path& destination) {
  std::error_code ec;
  fs::create_directories(destination, ec);
  if (ec) return "cannot create " + destination.string() + ": " + ec.message();
  for (fs::recursive_directory_iterator it(source, fs::directory_options::none, ec), end; !ec && it != end;
       it.increment(ec)) {
    const fs::path target = destination / it->path().lexically_relative(source);
    const auto status = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_symlink(status)) {
      fs::copy_symlink(it->path(), target, ec);
    } else if (fs::is_directory(status)) {
      if (it->path().filename() == ".git") {
        it.disable_recursion_pending();
        continue;
      }
      fs::create_directory(target, ec);
    } else if (fs::is_regular_file(status)) {
      fs::copy_file(it->path(), target, ec);
    }
    if (ec) return "cannot copy " + it->path().string() + ": " + ec.message();
  }
  if (ec) return "cannot read " + source.string() + ": " + ec.message();
  return {};
}

Expected<void, std::string> run_git(const fs::path& repo, std::vector<std::string> args) {
  std::vector<std::string> argv{"git", "-C", repo.string(), "-c", "core.hooksPath=/dev/null",
                                "-c", "user.name=Octobot", "-c", "user.email=octobot@localhost",
                                "-c", "commit.gpgSign=false"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = proc::run(argv, {.env_overrides = {{"GIT_CONFIG_NOSYSTEM", "1"}, {"GIT_CONFIG_GLOBAL", "/dev/null"},
                                                   {"LC_ALL", "C"}},
                                 .timeout = std::chrono::minutes(10)});
  if (!result) return result.error();
  if (!result->succeeded()) {
    std::string message = result->stderr_text;
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return "git " + args.front() + " failed: " + message;
  }
  return {};
}

}  // namespace

Expected<void, std::string> snapshot_folder(const fs::path& source, const fs::path& destination) {
  std::error_code ec;
  if (fs::is_directory(destination, ec)) return {};
  const fs::path staging = destination.parent_path() / (".staging-" + destination.filename().string() + "-" +
                                                        std::to_string(::getpid()));
  fs::remove_all(staging, ec);
  auto made = [&]() -> Expected<void, std::string> {
    if (auto copied = copy_tree(source, staging); !copied) return copied;
    if (auto done = run_git(staging, {"init", "--quiet", "--initial-branch=main"}); !done) return done;
    if (auto done = run_git(staging, {"add", "--all"}); !done) return done;
    if (auto done = run_git(staging, {"commit", "--quiet", "--allow-empty", "--no-verify", "-m",
                                      "Octobot: snapshot of " + source.string()});
        !done) {
      return done;
    }
    fs::rename(staging, destination, ec);
    if (ec) return "cannot move the snapshot into place at " + destination.string() + ": " + ec.message();
    return {};
  }();
  if (!made) fs::remove_all(staging, ec);
  return made;
}

}  // namespace octobot::git
