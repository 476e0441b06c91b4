#include "tests/integration/server_process.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace octobot::testing {
namespace {

std::string read_url(int fd) {
  std::string line;
  char c;
  while (read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  auto at = line.find("http://");
  INFO("the server's first line: " << line);
  REQUIRE(at != std::string::npos);
  std::string url = line.substr(at);
  if (url.ends_with("/")) url.pop_back();
  return url;
}

}  // namespace

ServerProcess::ServerProcess(const std::string& binary, const std::filesystem::path& data_dir,
                             const std::vector<std::string>& extra_args) {
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::vector<std::string> args{binary, "server", "--listen", "127.0.0.1:0", "--data-dir", data_dir.string(),
                                "--log-level", "warn"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  REQUIRE(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  url_ = read_url(pipe_fds[0]);
  close(pipe_fds[0]);
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

nlohmann::json ServerProcess::call(http::Method method, const std::string& target, const nlohmann::json& body) const {
  auto response = http::fetch(url_, method, target, body.is_null() ? "" : body.dump(),
                              {{"Content-Type", "application/json"}});
  if (!response) return {{"status", 0}};
  return {{"status", response->result_int()}, {"body", nlohmann::json::parse(response->body(), nullptr, false)}};
}

}  // namespace octobot::testing
