// agent/command: running a tool to completion (argv only), its output and failures.
#include "agent/command.hpp"
#include "tests/unit/agent/tool_request.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <unistd.h>

using octobot::agent::CommandRequest;
using octobot::agent::failure_message;
using octobot::agent::run_command;
using octobot::agent::tool_environment;

using octobot::agent::testing::tool_request;

TEST_CASE("run_command: output, input and status", "[agent][command]") {
  auto echoed = run_command(tool_request({"sh", "-c", "echo out; echo err >&2; exit 3"}));
  REQUIRE(echoed.ok());
  CHECK_FALSE(echoed->succeeded());
  CHECK(WEXITSTATUS(echoed->wait_status) == 3);
  CHECK(echoed->output.find("out\n") != std::string::npos);
  CHECK(echoed->output.find("err\n") != std::string::npos);

  const std::string big(200 * 1024, 'x');  // more than a pipe holds
  auto counted = run_command(tool_request({"wc", "-c"}, big));
  REQUIRE(counted.ok());
  CHECK(counted->succeeded());
  CHECK(counted->output == "204800\n");
}

TEST_CASE("run_command: a program that does not read its input", "[agent][command]") {
  // More than a pipe holds, to a program that exits at once: EPIPE, never SIGPIPE.
  const std::string big(1024 * 1024, 'x');
  for (int i = 0; i < 20; ++i) {
    auto result = run_command(tool_request({"true"}, big));
    REQUIRE(result.ok());
    CHECK(result->succeeded());
  }
  sigset_t pending;
  sigemptyset(&pending);
  ::sigpending(&pending);
  CHECK(sigismember(&pending, SIGPIPE) == 0);
}

TEST_CASE("run_command: arguments are passed literally, never to a shell", "[agent][command]") {
  auto result = run_command(tool_request({"printf", "%s|", "$(id)", "a b", "*", ";true"}));
  REQUIRE(result.ok());
  CHECK(result->output == "$(id)|a b|*|;true|");
}

TEST_CASE("run_command: output is trimmed to its end", "[agent][command]") {
  auto result = run_command(tool_request({"sh", "-c", "head -c 100000 /dev/zero | tr '\\0' a; echo END"}));
  REQUIRE(result.ok());
  CHECK(result->output.size() == 16 * 1024);
  CHECK(result->output.ends_with("aEND\n"));
}

TEST_CASE("run_command: a grandchild holding the output does not delay the return", "[agent][command]") {
  const auto start = std::chrono::steady_clock::now();
  auto result = run_command(tool_request({"sh", "-c", "sleep 5 & exit 0"}));
  REQUIRE(result.ok());
  CHECK(result->succeeded());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(4));
}

TEST_CASE("run_command: programs that cannot start are errors naming them", "[agent][command]") {
  auto missing = run_command(tool_request({"no-such-program-octobot"}));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error() == "cannot start 'no-such-program-octobot': not found in PATH");
  auto not_file = run_command(tool_request({"/nonexistent/x"}));
  REQUIRE_FALSE(not_file.ok());
  CHECK(not_file.error() == "cannot start '/nonexistent/x': it does not exist or is not an executable file");
  CommandRequest bad_dir = tool_request({"true"});
  bad_dir.working_directory = "/nonexistent-dir";
  auto in_bad_dir = run_command(bad_dir);
  REQUIRE_FALSE(in_bad_dir.ok());
  CHECK(in_bad_dir.error() ==
        "cannot start 'true': cannot change to directory /nonexistent-dir: No such file or directory");
  auto empty = run_command(tool_request({}));
  CHECK_FALSE(empty.ok());
}

TEST_CASE("run_command: failure messages name the command and its last output", "[agent][command]") {
  const std::vector<std::string> argv = {"git", "-C", "/x", "-c", "a=b", "clone", "--quiet", "src"};
  auto result = run_command(tool_request({"sh", "-c", "echo 'fatal: no\nsuch repo' >&2; exit 128"}));
  REQUIRE(result.ok());
  CHECK(failure_message(argv, *result) == "git clone exited with status 128: fatal: no such repo");
  CHECK(failure_message({"useradd", "--uid", "5"}, *result) == "useradd exited with status 128: fatal: no such repo");
}
