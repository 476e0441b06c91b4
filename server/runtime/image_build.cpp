#include "server/runtime/image_build.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace octobot::runtime {
namespace fs = std::filesystem;

std::vector<std::string> default_image_build_command(const std::string& image) {
  std::error_code ec;
  const fs::path bin_dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
  if (ec || bin_dir.empty()) return {};
  const fs::path repo = bin_dir.parent_path().parent_path().parent_path();
  const fs::path script = repo / "scripts" / "build-agent-image.sh";
  if (!fs::is_regular_file(script, ec) || !fs::is_regular_file(repo / "deploy" / "agent-image" / "Dockerfile", ec)) {
    return {};
  }
  return {script.string(), "--bin-dir", bin_dir.string(), "--tag", image};
}

Expected<void, std::string> run_image_build(const std::vector<std::string>& argv) {
  if (argv.empty()) return std::string("no image build command");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  // Its progress goes where the server's log goes (stdout may be a pipe nobody reads any more).
  posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  std::vector<std::string> args = argv;
  std::vector<char*> pointers;
  for (auto& arg : args) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, pointers[0], &actions, nullptr, pointers.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return "cannot run " + argv[0] + ": " + std::strerror(spawned);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return "waiting for " + argv[0] + ": " + std::strerror(errno);
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  if (WIFSIGNALED(status)) return argv[0] + " was killed by signal " + std::to_string(WTERMSIG(status));
  return argv[0] + " exited with status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace octobot::runtime
