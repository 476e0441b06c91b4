// FakeProvider: one fake upstream of tests/fixtures (fake_anthropic.py, fake_openai.py,
// fake_gemini.py, fake_forge.py) as a child process on all interfaces, over HTTPS with its own
// test CA (for host.docker.internal and 127.0.0.1), scripted and recording every request, all
// under `dir`. Containers reach it at base_url(); the host at local_url().
#pragma once
#include "lib/proc/run.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <vector>

namespace octobot::testing {

inline const std::string kFixtures = std::string(OCTOBOT_SOURCE_DIR) + "/tests/fixtures";

// One fake provider process on all interfaces, with its CA, script and record under `dir`.
class FakeProvider {
 public:
  // environment: extra NAME=value entries for the fake (e.g. fake_forge.py's FAKE_FORGE_TOKEN).
  FakeProvider(const std::filesystem::path& dir, const std::string& program, const nlohmann::json& script,
               const std::vector<std::string>& environment = {})
      : dir_(dir) {
    std::filesystem::create_directories(dir_);
    auto ca = octobot::proc::run({kFixtures + "/make_test_ca.sh", (dir_ / "ca").string(), "host.docker.internal"});
    REQUIRE((ca.ok() && ca->succeeded()));
    set_script(script);
    // Its output goes to <dir>/log (through sh: the pipes start_piped makes would fill up or break).
    std::vector<std::string> argv{"sh", "-c", "exec \"$0\" \"$@\" >\"" + (dir_ / "log").string() + "\" 2>&1", "env"};
    argv.insert(argv.end(), environment.begin(), environment.end());
    const std::vector<std::string> command{"python3", kFixtures + "/" + program, "--listen", "0.0.0.0:0",
                                           "--cert", (dir_ / "ca" / "server.pem").string(),
                                           "--key", (dir_ / "ca" / "server.key").string(),
                                           "--script", (dir_ / "script.json").string(),
                                           "--record", (dir_ / "record.jsonl").string(),
                                           "--port-file", (dir_ / "port").string()};
    argv.insert(argv.end(), command.begin(), command.end());
    auto child = octobot::proc::start_piped(argv);
    REQUIRE(child.ok());
    pid_ = child->pid;
    for (int fd : {child->stdin_fd, child->stdout_fd, child->stderr_fd}) ::close(fd);
    for (int i = 0; i < 200 && !std::filesystem::exists(dir_ / "port"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    std::ifstream(dir_ / "port") >> port_;
    REQUIRE(port_ > 0);
  }
  ~FakeProvider() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }

  std::string ca_file() const { return (dir_ / "ca" / "ca.pem").string(); }
  std::string base_url() const { return "https://host.docker.internal:" + std::to_string(port_); }
  std::string local_url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  // The replies to the next main-loop requests (the fake starts the new script from its first turn).
  void set_script(const nlohmann::json& script) {
    std::ofstream(dir_ / "script.tmp") << script.dump();
    std::filesystem::rename(dir_ / "script.tmp", dir_ / "script.json");
  }
  std::vector<nlohmann::json> requests(const std::string& treated_as = "main") const {
    std::vector<nlohmann::json> found;
    std::ifstream in(dir_ / "record.jsonl");
    for (std::string line; std::getline(in, line);) {
      nlohmann::json request = nlohmann::json::parse(line, nullptr, false);
      if (request.is_object() && request.value("treated_as", "") == treated_as) found.push_back(request);
    }
    return found;
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace octobot::testing
