// agent/exit_status: wait statuses told the way a shell reports them.
#include "agent/exit_status.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <sys/wait.h>

TEST_CASE("exit status: shell convention", "[agent][restart]") {
  using octobot::agent::describe_status;
  using octobot::agent::exit_code_of;
  const int exited_3 = 3 << 8;
  const int killed_by_term = SIGTERM;
  const int killed_by_segv_core = SIGSEGV | 0x80;
  CHECK(WIFEXITED(exited_3));
  CHECK(exit_code_of(exited_3) == 3);
  CHECK(exit_code_of(0) == 0);
  CHECK(exit_code_of(killed_by_term) == 143);
  CHECK(exit_code_of(SIGKILL) == 137);
  CHECK(describe_status(exited_3) == "exited with status 3");
  CHECK(describe_status(killed_by_term) == "was killed by SIGTERM");
  CHECK(describe_status(killed_by_segv_core) == "was killed by SIGSEGV (core dumped)");
  CHECK(octobot::agent::signal_name(SIGUSR1) == "SIGUSR1");
  CHECK(octobot::agent::signal_name(200) == "signal 200");
}
