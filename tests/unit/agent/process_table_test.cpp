// agent/process_table: the children of a process, from /proc.
#include "agent/process_table.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

TEST_CASE("process table: a child is listed under its parent", "[agent][command]") {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::pause();
    ::_exit(0);
  }
  const auto children = octobot::agent::child_pids_of(::getpid());
  CHECK(std::find(children.begin(), children.end(), pid) != children.end());
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}
