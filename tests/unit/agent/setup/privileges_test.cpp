#include "agent/setup/privileges.hpp"
#include "tests/unit/agent/agent_process.hpp"

#include <catch2/catch.hpp>

#include <linux/capability.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// The hexadecimal capability mask of a "Cap...:" line of /proc/self/status.
unsigned long long status_mask(const std::string& status, const std::string& key) {
  const auto at = status.find(key + ":\t");
  if (at == std::string::npos) return 0;
  return std::stoull(status.substr(at + key.size() + 2, 16), nullptr, 16);
}

}  // namespace

// Runs in a forked child, so that the test process keeps its privileges.
TEST_CASE("privileges: CAP_NET_ADMIN leaves the bounding set and no_new_privs is set", "[agent][privileges]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root");
    return;
  }
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(pipe_fds[0]);
    std::string message = "ok";
    if (auto dropped = octobot::agent::drop_net_admin(); !dropped) message = dropped.error();
    if (auto set = octobot::agent::set_no_new_privs(); !set) message = set.error();
    if (auto again = octobot::agent::drop_net_admin(); !again) message = "second drop: " + again.error();
    message += "\n" + octobot::agent::test::read_file("/proc/self/status");
    ssize_t ignored = ::write(pipe_fds[1], message.data(), message.size());
    (void)ignored;
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string output;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) output.append(buffer, static_cast<size_t>(n));
  ::close(pipe_fds[0]);
  ::waitpid(pid, nullptr, 0);

  INFO(output);
  REQUIRE(output.starts_with("ok\n"));
  const unsigned long long net_admin = 1ULL << CAP_NET_ADMIN;
  CHECK((status_mask(output, "CapBnd") & net_admin) == 0);
  CHECK((status_mask(output, "CapEff") & net_admin) == 0);
  CHECK((status_mask(output, "CapPrm") & net_admin) == 0);
  CHECK(status_mask(output, "CapBnd") != 0);  // only that one capability went
  CHECK(output.find("NoNewPrivs:\t1") != std::string::npos);
}
