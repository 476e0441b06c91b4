// agent-api/workspace/turn_snapshots.cpp on a real repository.
#include "agent-api/workspace/turn_snapshots.hpp"
#include "lib/proc/run.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace octobot::agent_api {
namespace {

namespace fs = std::filesystem;

std::string git(const fs::path& repo, std::vector<std::string> args) {
  std::vector<std::string> argv{"git", "-C", repo.string(), "-c", "user.name=t", "-c", "user.email=t@example.com"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = proc::run(argv);
  REQUIRE(result.ok());
  INFO(result->stderr_text);
  REQUIRE(result->succeeded());
  return result->stdout_text;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST_CASE("each turn's workspace becomes a hidden commit; nothing the agent sees changes", "[agent-api][turns]") {
  octobot::testing::TempDir dir("turn-snapshots");
  const fs::path repo = dir.path() / "ws";
  fs::create_directories(repo);
  git(repo, {"init", "--quiet", "--initial-branch=octobot/s"});
  std::ofstream(repo / "a.txt") << "one\n";
  git(repo, {"add", "."});
  git(repo, {"commit", "--quiet", "-m", "base"});
  git(repo, {"update-ref", "refs/octobot/base", "HEAD"});
  const std::string head = git(repo, {"rev-parse", "HEAD"});

  std::ofstream(repo / "a.txt") << "one\ntwo\n";
  std::ofstream(repo / "untracked.txt") << "u\n";
  const std::string index_before = slurp(repo / ".git" / "index");
  auto first = record_turn_snapshot(repo);
  REQUIRE(first);
  CHECK(*first == 1);
  std::ofstream(repo / "b.txt") << "b\n";
  auto second = record_turn_snapshot(repo);
  REQUIRE(second);
  CHECK(*second == 2);

  CHECK(git(repo, {"rev-parse", "HEAD"}) == head);
  CHECK(slurp(repo / ".git" / "index") == index_before);
  CHECK(git(repo, {"status", "--porcelain"}) == " M a.txt\n?? b.txt\n?? untracked.txt\n");
  CHECK(git(repo, {"show", "refs/octobot/turns/1:a.txt"}) == "one\ntwo\n");
  CHECK(git(repo, {"show", "refs/octobot/turns/1:untracked.txt"}) == "u\n");
  CHECK(git(repo, {"rev-parse", "refs/octobot/turns/1^"}) == head);

  auto listed = list_turn_snapshots(repo);
  REQUIRE(listed);
  const auto& turns = (*listed)["turns"];
  REQUIRE(turns.size() == 2);
  CHECK(turns[0]["turn"] == 1);
  CHECK(turns[0]["files"] == 2);  // a.txt changed, untracked.txt added, against the base
  CHECK(turns[0]["added"] == 2);
  CHECK(turns[1]["turn"] == 2);
  CHECK(turns[1]["files"] == 1);  // b.txt, against turn 1
  CHECK(turns[1]["added"] == 1);
}

}  // namespace
}  // namespace octobot::agent_api
