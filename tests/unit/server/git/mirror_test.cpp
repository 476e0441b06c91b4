#include "server/git/mirror.hpp"

#include "lib/proc/run.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fs = std::filesystem;
namespace git = octobot::git;
using namespace std::chrono_literals;

namespace {

using octobot::testing::TempDir;

// Runs git in dir and returns its trimmed stdout; fails the test on error.
std::string git_in(const fs::path& dir, std::vector<std::string> args) {
  std::vector<std::string> argv = {"git", "-C", dir.string(), "-c", "user.name=Octobot Test",
                                   "-c", "user.email=test@octobot.invalid"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = octobot::proc::run(argv);
  REQUIRE(result.ok());
  INFO(result->stderr_text);
  REQUIRE(result->exit_code == 0);
  std::string out = result->stdout_text;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string file_url(const fs::path& path) { return "file://" + path.string(); }

// A bare repository at dir/<name> whose HEAD is `branch`, with one commit on
// it; returns the commit id.
std::string make_repo_with_commit(const fs::path& dir, const std::string& name, const std::string& branch) {
  const fs::path bare = dir / name;
  const fs::path work = dir / (name + ".work");
  git_in(dir, {"init", "--quiet", "--bare", "--initial-branch=" + branch, bare.string()});
  git_in(dir, {"init", "--quiet", "--initial-branch=" + branch, work.string()});
  std::ofstream(work / "README.md") << "hello\n";
  git_in(work, {"add", "README.md"});
  git_in(work, {"commit", "--quiet", "-m", "first commit"});
  git_in(work, {"push", "--quiet", file_url(bare), "HEAD:refs/heads/" + branch});
  return git_in(work, {"rev-parse", "HEAD"});
}

std::vector<std::string> entries_of(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A TCP listener on 127.0.0.1 that never accepts: connections hang in the backlog.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd_, 16) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace

TEST_CASE("validate_remote_url accepts the supported transports", "[git]") {
  for (const char* url : {"https://github.com/org/repo.git", "http://git.example.com/repo",
                          "https://user:token@example.com/repo.git", "ssh://git@example.com:2222/org/repo.git",
                          "git@github.com:org/repo.git", "github.com:org/repo.git", "file:///srv/git/repo.git",
                          "file:///tmp/with space/repo.git", "ssh://git@[::1]:2222/repo.git",
                          "[git.example.com:2222]:repo.git"}) {
    INFO(url);
    CHECK(git::validate_remote_url(url).ok());
  }
}

TEST_CASE("validate_remote_url rejects injection and other transports", "[git]") {
  const std::string too_long = "https://example.com/" + std::string(git::kMaxRemoteUrlBytes, 'a');
  const std::vector<std::string> urls = {"",
                                         "   ",
                                         "\t",
                                         "--upload-pack=touch /tmp/pwned",
                                         "-oProxyCommand=x",
                                         "ext::sh -c touch% /tmp/pwned",
                                         "fd::17",
                                         "ext::ssh://host/x",
                                         "git://example.com/repo",
                                         "ftp://example.com/r",
                                         "HTTPS://example.com/r",
                                         "ssh://-oProxyCommand=touch/x",
                                         "ssh://user@-host/x",
                                         "https:///path-only",
                                         "user@-host:path",
                                         "ssh://[-oProxyCommand=touch]/x",
                                         "ssh://[[-oProxyCommand=touch]]/x",
                                         "ssh://git@[-oProxyCommand=touch]/x",
                                         "ssh://[-oProxyCommand=touch]:22/x",
                                         "[-oProxyCommand=touch]:x",
                                         "[-oProxyCommand:touch]:x",
                                         "git@[-oProxyCommand=touch]:x",
                                         "[-user@host]:x",
                                         "host:",
                                         "/srv/git/repo.git",
                                         "./repo",
                                         "repo",
                                         "file://relative/path",
                                         "https://example.com/r\n--upload-pack=x",
                                         "https://example.com/r\x7f",
                                         " https://example.com/r",
                                         "https://example.com/r ",
                                         too_long};
  for (const auto& url : urls) {
    INFO(url);
    const auto result = git::validate_remote_url(url);
    REQUIRE_FALSE(result.ok());
    CHECK_FALSE(result.error().empty());
  }
}

TEST_CASE("redact_credentials hides user info in URLs", "[git]") {
  CHECK(git::redact_credentials("fatal: repository 'https://alice:s3cret@example.com/r.git/' not found") ==
        "fatal: repository 'https://***@example.com/r.git/' not found");
  CHECK(git::redact_credentials("https://ghp_token@github.com x ssh://git@host/y") ==
        "https://***@github.com x ssh://***@host/y");
  CHECK(git::redact_credentials("no url here, user@host:path") == "no url here, user@host:path");
  CHECK(git::redact_credentials("https://example.com/a@b") == "https://example.com/a@b");
}

TEST_CASE("clone_mirror clones a repository over file://", "[git]") {
  TempDir tmp;
  const std::string sha = make_repo_with_commit(tmp.path(), "src.git", "main");
  const fs::path mirrors = tmp.path() / "mirrors";
  const fs::path destination = mirrors / "ws1.git";

  const auto info = git::clone_mirror(file_url(tmp.path() / "src.git"), destination);
  INFO((info ? std::string() : info.error()));
  REQUIRE(info.ok());
  CHECK(info->head_commit_sha == sha);
  CHECK(info->default_branch == "main");
  CHECK(git_in(tmp.path(), {"--git-dir=" + destination.string(), "config", "--bool", "remote.origin.mirror"}) ==
        "true");
  CHECK(git_in(tmp.path(), {"--git-dir=" + destination.string(), "rev-parse", "refs/heads/main"}) == sha);
  CHECK(entries_of(mirrors) == std::vector<std::string>{"ws1.git"});

  const auto again = git::read_mirror_info(destination);
  REQUIRE(again.ok());
  CHECK(again->head_commit_sha == sha);
}

TEST_CASE("clone_mirror of an empty repository has no commit", "[git]") {
  TempDir tmp;
  git_in(tmp.path(), {"init", "--quiet", "--bare", "--initial-branch=trunk", (tmp.path() / "empty.git").string()});
  const auto info = git::clone_mirror(file_url(tmp.path() / "empty.git"), tmp.path() / "mirrors" / "empty.git");
  INFO((info ? std::string() : info.error()));
  REQUIRE(info.ok());
  CHECK(info->head_commit_sha.empty());
  CHECK(info->default_branch == "trunk");
}

TEST_CASE("clone_mirror of a missing repository reports git's error and cleans up", "[git]") {
  TempDir tmp;
  const fs::path mirrors = tmp.path() / "mirrors";
  const auto info = git::clone_mirror(file_url(tmp.path() / "nope.git"), mirrors / "ws.git");
  REQUIRE_FALSE(info.ok());
  CHECK_THAT(info.error(), Catch::StartsWith("git clone failed: "));
  CHECK_THAT(info.error(), Catch::Contains("does not appear to be a git repository"));
  CHECK_THAT(info.error(), Catch::Contains("nope.git"));
  CHECK(entries_of(mirrors).empty());  // no destination, no staging dir left behind
}

TEST_CASE("clone_mirror refuses an existing destination", "[git]") {
  TempDir tmp;
  make_repo_with_commit(tmp.path(), "src.git", "main");
  const fs::path destination = tmp.path() / "mirrors" / "ws.git";
  fs::create_directories(destination);
  std::ofstream(destination / "keep") << "mine\n";

  const auto info = git::clone_mirror(file_url(tmp.path() / "src.git"), destination);
  REQUIRE_FALSE(info.ok());
  CHECK_THAT(info.error(), Catch::Contains("already exists"));
  CHECK(entries_of(destination) == std::vector<std::string>{"keep"});
  CHECK(entries_of(destination.parent_path()) == std::vector<std::string>{"ws.git"});

  fs::remove(destination / "keep");  // an empty dir is not replaced either
  CHECK_FALSE(git::clone_mirror(file_url(tmp.path() / "src.git"), destination).ok());
}

TEST_CASE("clone_mirror never runs an injected command", "[git]") {
  TempDir tmp;
  const fs::path marker = tmp.path() / "pwned";
  const fs::path mirrors = tmp.path() / "mirrors";
  for (const std::string& url : {"--upload-pack=touch " + marker.string(), "ext::sh -c touch% " + marker.string(),
                                "-u touch " + marker.string()}) {
    INFO(url);
    CHECK_FALSE(git::validate_remote_url(url).ok());
    const auto info = git::clone_mirror(url, mirrors / "ws.git");
    REQUIRE_FALSE(info.ok());
    CHECK_FALSE(fs::exists(marker));
    CHECK_FALSE(fs::exists(mirrors / "ws.git"));
  }
}

TEST_CASE("clone_mirror times out, kills git and removes the staging dir", "[git]") {
  TempDir tmp;
  SilentListener listener;
  const fs::path mirrors = tmp.path() / "mirrors";
  git::MirrorOptions options;
  options.timeout = 1s;
  const std::string url = "https://user:hunter2@127.0.0.1:" + std::to_string(listener.port()) + "/repo.git";
  const auto info = git::clone_mirror(url, mirrors / "ws.git", options);
  REQUIRE_FALSE(info.ok());
  CHECK_THAT(info.error(), Catch::Contains("timed out"));
  CHECK_THAT(info.error(), !Catch::Contains("hunter2"));
  CHECK(entries_of(mirrors).empty());
}

TEST_CASE("remove_mirror deletes a mirror inside the root", "[git]") {
  TempDir tmp;
  const fs::path root = tmp.path() / "mirrors";
  fs::create_directories(root / "ws.git" / "objects");
  std::ofstream(root / "ws.git" / "objects" / "x") << "x";

  REQUIRE(git::remove_mirror(root, root / "ws.git").ok());
  CHECK_FALSE(fs::exists(root / "ws.git"));
  CHECK(fs::exists(root));
  CHECK(git::remove_mirror(root, root / "ws.git").ok());  // already gone
}

TEST_CASE("remove_mirror refuses paths outside the root", "[git]") {
  TempDir tmp;
  const fs::path root = tmp.path() / "mirrors";
  const fs::path outside = tmp.path() / "x";
  fs::create_directories(root);
  fs::create_directories(outside);
  std::ofstream(outside / "precious") << "keep me\n";
  fs::create_directory_symlink(outside, root / "link");

  for (const fs::path& path : {root / ".." / "x", fs::path(outside), root / "link", root / "link" / "precious",
                               root, root / ".", fs::path("/")}) {
    INFO(path.string());
    const auto result = git::remove_mirror(root, path);
    REQUIRE_FALSE(result.ok());
    CHECK_THAT(result.error(), Catch::Contains("refusing"));
  }
  CHECK(fs::exists(outside / "precious"));
  CHECK(fs::is_symlink(root / "link"));

  const auto missing_root = git::remove_mirror(tmp.path() / "missing", tmp.path() / "missing" / "ws.git");
  REQUIRE_FALSE(missing_root.ok());
}
