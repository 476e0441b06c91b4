#include "lib/proc/run.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <sys/wait.h>
#include <unistd.h>

namespace proc = octobot::proc;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

using octobot::testing::TempDir;

proc::ProcessResult run_ok(const std::vector<std::string>& argv, const proc::ProcessOptions& options = {}) {
  auto result = proc::run(argv, options);
  INFO((result ? std::string() : result.error()));
  REQUIRE(result.ok());
  return std::move(result).value();
}

// True once /proc shows no live process with this pid (gone, or a zombie).
bool process_gone(pid_t pid) {
  for (int i = 0; i < 100; ++i) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return true;
    const auto close_paren = line.rfind(')');
    if (close_paren != std::string::npos && line.substr(close_paren + 2, 1) == "Z") return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

}  // namespace

TEST_CASE("exit codes are reported", "[proc]") {
  CHECK(run_ok({"true"}).exit_code == 0);
  CHECK(run_ok({"true"}).succeeded());
  const auto failed = run_ok({"sh", "-c", "exit 7"});
  CHECK(failed.exit_code == 7);
  CHECK(failed.exited());
  CHECK_FALSE(failed.succeeded());
  CHECK_FALSE(failed.timed_out);
}

TEST_CASE("a terminating signal is reported", "[proc]") {
  const auto result = run_ok({"sh", "-c", "kill -TERM $$"});
  CHECK(result.term_signal == SIGTERM);
  CHECK(result.exit_code == -1);
  CHECK_FALSE(result.exited());
  CHECK_FALSE(result.timed_out);
}

TEST_CASE("stdout and stderr are captured separately", "[proc]") {
  const auto result = run_ok({"sh", "-c", "echo out; echo err >&2; echo out2"});
  CHECK(result.stdout_text == "out\nout2\n");
  CHECK(result.stderr_text == "err\n");
  CHECK_FALSE(result.stdout_truncated);
  CHECK_FALSE(result.stderr_truncated);
}

TEST_CASE("several megabytes on both pipes at once do not deadlock", "[proc]") {
  constexpr std::size_t kBytes = 4 * 1024 * 1024;
  const std::string script = "yes out | head -c " + std::to_string(kBytes) + " & yes err | head -c " +
                             std::to_string(kBytes) + " >&2; wait";
  proc::ProcessOptions options;
  options.timeout = 30s;
  const auto result = run_ok({"sh", "-c", script}, options);
  CHECK_FALSE(result.timed_out);
  CHECK(result.exit_code == 0);
  REQUIRE(result.stdout_text.size() == kBytes);
  REQUIRE(result.stderr_text.size() == kBytes);
  CHECK(result.stdout_text.substr(0, 8) == "out\nout\n");
  CHECK(result.stderr_text.substr(kBytes - 8) == "err\nerr\n");
}

TEST_CASE("output beyond the limit is dropped and marked truncated", "[proc]") {
  proc::ProcessOptions options;
  options.max_output_bytes = 1000;
  const auto result = run_ok({"sh", "-c", "head -c 1000000 /dev/zero; echo short >&2"}, options);
  CHECK(result.exit_code == 0);
  CHECK(result.stdout_text.size() == 1000);
  CHECK(result.stdout_truncated);
  CHECK(result.stderr_text == "short\n");
  CHECK_FALSE(result.stderr_truncated);
}

TEST_CASE("a timeout kills the whole process group", "[proc]") {
  proc::ProcessOptions options;
  options.timeout = 300ms;
  const auto start = std::chrono::steady_clock::now();
  // The background sleep is a grandchild that also holds the pipes open.
  const auto result = run_ok({"sh", "-c", "sleep 30 & echo $!; sleep 30"}, options);
  CHECK(std::chrono::steady_clock::now() - start < 10s);
  CHECK(result.timed_out);
  CHECK(result.term_signal == SIGKILL);
  CHECK_FALSE(result.exited());
  const pid_t grandchild = std::stoi(result.stdout_text);
  CHECK(process_gone(grandchild));
}

TEST_CASE("run returns when the child exits even if a grandchild keeps the pipes", "[proc]") {
  const auto start = std::chrono::steady_clock::now();
  const auto result = run_ok({"sh", "-c", "sleep 3 & echo done"});
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  CHECK(result.stdout_text == "done\n");
  CHECK(result.exit_code == 0);
}

TEST_CASE("the child runs in its own process group with stdin from /dev/null", "[proc]") {
  const auto stat = run_ok({"cat", "/proc/self/stat"}).stdout_text;
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string state;
  pid_t parent = 0;
  pid_t group = 0;
  fields >> state >> parent >> group;
  CHECK(parent == ::getpid());
  CHECK(group == std::stoi(stat));
  CHECK(group != ::getpgrp());

  const auto cat = run_ok({"cat"});
  CHECK(cat.exit_code == 0);
  CHECK(cat.stdout_text.empty());
}

TEST_CASE("descriptors of the caller are not inherited", "[proc]") {
  const int fd = ::open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
  REQUIRE(fd > 2);
  const std::string script = "test -e /proc/$$/fd/" + std::to_string(fd) + " && echo leaked || echo clean";
  const auto result = run_ok({"sh", "-c", script});
  ::close(fd);
  CHECK(result.stdout_text == "clean\n");
}

TEST_CASE("the working directory is honoured", "[proc]") {
  TempDir dir;
  proc::ProcessOptions options;
  options.working_directory = dir.path().string();
  CHECK(run_ok({"pwd"}, options).stdout_text == dir.path().string() + "\n");

  options.working_directory = (dir.path() / "missing").string();
  const auto missing = proc::run({"pwd"}, options);
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error(), Catch::Contains("missing"));
}

TEST_CASE("a full environment replaces the caller's", "[proc]") {
  proc::ProcessOptions options;
  options.environment = std::vector<std::string>{"FOO=bar baz", "PATH=/usr/bin:/bin"};
  const auto result = run_ok({"env"}, options);
  CHECK(result.stdout_text == "FOO=bar baz\nPATH=/usr/bin:/bin\n");
}

TEST_CASE("the caller's environment is inherited with overrides", "[proc]") {
  ::setenv("OCTOBOT_PROC_TEST_KEEP", "kept", 1);
  ::setenv("OCTOBOT_PROC_TEST_DROP", "dropped", 1);
  ::setenv("OCTOBOT_PROC_TEST_SET", "old", 1);
  proc::ProcessOptions options;
  options.env_unset = {"OCTOBOT_PROC_TEST_DROP"};
  options.env_overrides = {{"OCTOBOT_PROC_TEST_SET", "new"}, {"OCTOBOT_PROC_TEST_ADD", "added"}};
  const auto result = run_ok(
      {"sh", "-c",
       "echo \"$OCTOBOT_PROC_TEST_KEEP ${OCTOBOT_PROC_TEST_DROP-unset} $OCTOBOT_PROC_TEST_SET $OCTOBOT_PROC_TEST_ADD\""},
      options);
  CHECK(result.stdout_text == "kept unset new added\n");
}

TEST_CASE("the program is looked up in the child's PATH", "[proc]") {
  TempDir dir;
  const fs::path script = dir.path() / "octobot-hello";
  std::ofstream(script) << "#!/bin/sh\necho hello\n";
  fs::permissions(script, fs::perms::owner_all);
  proc::ProcessOptions options;
  options.env_overrides = {{"PATH", dir.path().string() + ":/usr/bin:/bin"}};
  CHECK(run_ok({"octobot-hello"}, options).stdout_text == "hello\n");
  CHECK_FALSE(proc::run({"octobot-hello"}).ok());
}

TEST_CASE("a missing program is an error naming it", "[proc]") {
  const auto by_name = proc::run({"octobot-no-such-program", "arg"});
  REQUIRE_FALSE(by_name.ok());
  CHECK_THAT(by_name.error(), Catch::Contains("octobot-no-such-program"));

  const auto by_path = proc::run({"/nonexistent/octobot-prog"});
  REQUIRE_FALSE(by_path.ok());
  CHECK_THAT(by_path.error(), Catch::Contains("/nonexistent/octobot-prog"));

  const auto empty = proc::run({});
  REQUIRE_FALSE(empty.ok());
  CHECK_THAT(empty.error(), Catch::Contains("empty argv"));
}

TEST_CASE("a file that is not executable is an error", "[proc]") {
  TempDir dir;
  const fs::path file = dir.path() / "plain";
  std::ofstream(file) << "echo nope\n";
  const auto result = proc::run({file.string()});
  REQUIRE_FALSE(result.ok());
  CHECK_THAT(result.error(), Catch::Contains(file.string()));
}

TEST_CASE("arguments reach the program literally", "[proc]") {
  TempDir dir;
  const std::string marker = (dir.path() / "pwned").string();
  const std::vector<std::string> args = {"two words", "\"double\" 'single'", "$(touch " + marker + ")",
                                         "`touch " + marker + "`", "a;b|c&d", "*", "", "$HOME"};
  std::vector<std::string> argv = {"printf", "[%s]\\n"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto result = run_ok(argv);
  std::string expected;
  for (const auto& arg : args) expected += "[" + arg + "]\n";
  CHECK(result.stdout_text == expected);
  CHECK_FALSE(fs::exists(marker));
}

TEST_CASE("find_program searches PATH", "[proc]") {
  const auto sh = proc::find_program("sh");
  REQUIRE(sh.has_value());
  CHECK(fs::path(*sh).filename() == "sh");
  CHECK(proc::find_program("sh", "/nonexistent::/bin") == std::optional<std::string>("/bin/sh"));
  CHECK_FALSE(proc::find_program("sh", "/nonexistent").has_value());
  CHECK_FALSE(proc::find_program("octobot-no-such-program").has_value());
  CHECK_FALSE(proc::find_program("").has_value());
  CHECK(proc::find_program("/bin/sh") == std::optional<std::string>("/bin/sh"));
  CHECK_FALSE(proc::find_program("/etc/passwd").has_value());
}

TEST_CASE("run leaks no descriptors and works from several threads", "[proc]") {
  const auto open_fds = [] {
    return std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator());
  };
  const auto before = open_fds();
  std::vector<std::thread> threads;
  std::vector<std::string> outputs(4);
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    threads.emplace_back([&outputs, i] {
      for (int round = 0; round < 10; ++round) {
        auto result = proc::run({"sh", "-c", "echo $1; echo x >&2", "sh", std::to_string(i)});
        if (result.ok()) outputs[i] += result->stdout_text;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    std::string expected;
    for (int round = 0; round < 10; ++round) expected += std::to_string(i) + "\n";
    CHECK(outputs[i] == expected);
  }
  CHECK(proc::run({"octobot-no-such-program"}).ok() == false);
  CHECK(open_fds() == before);
}

namespace {

// Everything the controller gives until the terminal side is closed by every holder (EIO).
std::string read_terminal_to_end(int controller_fd) {
  std::string output;
  char buffer[4096];
  for (int idle_ms = 0; idle_ms < 10000;) {
    const ssize_t n = ::read(controller_fd, buffer, sizeof buffer);
    if (n > 0) {
      output.append(buffer, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EAGAIN) {
      std::this_thread::sleep_for(10ms);
      idle_ms += 10;
    } else {
      break;  // EIO: no process holds the terminal any more
    }
  }
  return output;
}

}  // namespace

TEST_CASE("start_in_terminal gives the program a controlling terminal of the asked size", "[proc]") {
  TempDir dir;
  proc::ProcessOptions options;
  options.working_directory = dir.path().string();
  auto child = proc::start_in_terminal(
      {"/bin/sh", "-c", "pwd; test -t 0 && test -t 1 && echo tty-ok; stty size; ps -o sid= -p $$; read line; echo got:$line"},
      options, {100, 30});
  REQUIRE(child.ok());
  ::usleep(300 * 1000);
  REQUIRE(::write(child->controller_fd, "hello\n", 6) == 6);
  const std::string output = read_terminal_to_end(child->controller_fd);
  ::close(child->controller_fd);
  int status = 0;
  REQUIRE(::waitpid(child->pid, &status, 0) == child->pid);
  CHECK(WIFEXITED(status));
  CHECK_THAT(output, Catch::Contains(dir.path().string()));
  CHECK_THAT(output, Catch::Contains("tty-ok"));
  CHECK_THAT(output, Catch::Contains("30 100"));
  CHECK_THAT(output, Catch::Contains(std::to_string(child->pid)));  // session leader: sid == pid
  CHECK_THAT(output, Catch::Contains("got:hello"));
}

TEST_CASE("resize_terminal changes the size the program sees", "[proc]") {
  auto child = proc::start_in_terminal({"/bin/sh", "-c", "read line; stty size"}, {}, {80, 24});
  REQUIRE(child.ok());
  CHECK(proc::resize_terminal(child->controller_fd, {132, 43}));
  REQUIRE(::write(child->controller_fd, "\n", 1) == 1);
  const std::string output = read_terminal_to_end(child->controller_fd);
  ::close(child->controller_fd);
  ::waitpid(child->pid, nullptr, 0);
  CHECK_THAT(output, Catch::Contains("43 132"));
}

TEST_CASE("start_in_terminal reports a missing program", "[proc]") {
  auto child = proc::start_in_terminal({"no-such-program-here"}, {}, {});
  REQUIRE_FALSE(child.ok());
  CHECK_THAT(child.error(), Catch::Contains("no-such-program-here"));
}
