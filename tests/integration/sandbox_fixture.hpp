// Helpers of the tests that run real sandboxes against real Docker
// (sandbox_test.cpp, chat_test.cpp): the docker CLI, a scratch workspace
// repository whose server's containers and volumes are removed with it, and
// waiting for a session's status.
#pragma once
#include "lib/proc/run.hpp"
#include "tests/integration/git_repo.hpp"
#include "tests/integration/server_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include <unistd.h>

namespace octobot::testing {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using http::Method;

struct Docker {
  int exit_code = -1;
  std::string out;
};

inline Docker docker(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"docker"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = octobot::proc::run(argv, {.timeout = std::chrono::seconds(60)});
  REQUIRE(result.ok());
  std::string out = result->stdout_text + result->stderr_text;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return {result->exit_code, out};
}

inline Json inspect(const std::string& container) {
  auto result = docker({"inspect", container});
  REQUIRE(result.exit_code == 0);
  return Json::parse(result.out)[0];
}

inline std::string session_url(const std::string& id) { return "/api/projects/local/sessions/" + id; }

// Polls the session until its status is `status` (REQUIRE within `timeout`).
inline Json wait_for(const ServerProcess& server, const std::string& id, const std::string& status,
              std::chrono::seconds timeout = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Json last;
  for (;;) {
    last = server.call(Method::get, session_url(id));
    if (last["status"] == 200 && last["body"]["status"] == status) return last["body"];
    INFO("waiting for " << status << ", last: " << last.dump());
    REQUIRE_FALSE((status != "error" && last["status"] == 200 && last["body"]["status"] == "error"));
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

inline std::string create_workspace(const ServerProcess& server, const fs::path& folder) {
  auto workspace = server.call(Method::post, "/api/projects/local/workspaces",
                               {{"path", folder.string()}, {"sourceType", "local"}});
  INFO(workspace.dump());
  REQUIRE(workspace["status"] == 201);
  return workspace["body"]["id"];
}

inline std::string create_session(const ServerProcess& server, const std::string& workspace, const std::string& name) {
  auto session = server.call(Method::post, "/api/projects/local/workspaces/" + workspace + "/sessions",
                             {{"name", name}});
  INFO(session.dump());
  REQUIRE(session["status"] == 201);
  return session["body"]["id"];
}

inline std::vector<std::string> containers_of(const std::string& instance) {
  auto listed = docker({"ps", "-aq", "--no-trunc", "--filter", "label=octobot.instance=" + instance});
  REQUIRE(listed.exit_code == 0);
  std::vector<std::string> ids;
  std::stringstream lines(listed.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) ids.push_back(line);
  }
  return ids;
}

inline Docker exec_in(const std::string& container, const std::string& user, const std::vector<std::string>& argv) {
  std::vector<std::string> args{"exec", "-u", user, container};
  args.insert(args.end(), argv.begin(), argv.end());
  return docker(args);
}

inline void remove_everything_of(const std::string& instance) {
  if (instance.empty()) return;
  for (const auto& id : containers_of(instance)) (void)docker({"rm", "-f", "-v", id});
  auto volumes = docker({"volume", "ls", "-q", "--filter", "label=octobot.instance=" + instance});
  std::stringstream lines(volumes.out);
  for (std::string volume; std::getline(lines, volume);) {
    if (!volume.empty()) (void)docker({"volume", "rm", "-f", volume});
  }
}

// A temporary root with a git repository (one commit) as the workspace folder;
// on destruction every container and volume of the server using data() goes too.
class Scratch {
 public:
  Scratch() : root_(fs::temp_directory_path() / ("octobot-sandbox-" + std::to_string(getpid()) + "-" +
                                                 std::to_string(counter_++))) {
    fs::create_directories(root_ / "repo");
    octobot::testing::run_git(root_ / "repo", {"init", "--quiet", "--initial-branch=main"});
    std::ofstream(root_ / "repo" / "README.md") << "hello\n";
    octobot::testing::run_git(root_ / "repo", {"add", "README.md"});
    octobot::testing::run_git(root_ / "repo", {"commit", "--quiet", "-m", "base"});
  }
  ~Scratch() {
    remove_everything_of(instance());
    fs::remove_all(root_);
  }
  fs::path data() const { return root_ / "data"; }
  fs::path repo() const { return root_ / "repo"; }
  std::string instance() const {
    std::ifstream in(data() / "instance-id");
    std::string id;
    std::getline(in, id);
    return id;
  }

 private:
  static inline int counter_ = 0;
  fs::path root_;
};


}  // namespace octobot::testing
