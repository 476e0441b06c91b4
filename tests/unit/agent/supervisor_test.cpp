// The real octobot-agent binary supervising small programs (argv only), as
// tini's and catatonit's own tests do: exit statuses, signals, reaping,
// the grace period, restarts and giving up. The agent runs with
// OCTOBOT_SKIP_SETUP=1 and --subreaper (tests/unit/agent/agent_process.hpp).
#include "agent/command.hpp"
#include "tests/unit/agent/agent_process.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <set>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;
using octobot::agent::test::AgentOptions;
using octobot::agent::test::AgentProcess;
using octobot::agent::test::all_processes;
using octobot::agent::test::count_lines;
using octobot::agent::test::json_argv;
using octobot::agent::test::read_file;
using octobot::agent::test::TempDir;
using octobot::agent::test::wait_until;

namespace {

const std::string kChild = OCTOBOT_AGENT_TEST_CHILD;

// Only the agent API (given after --), no proxy.
AgentOptions api_only(std::vector<std::string> flags, const std::vector<std::string>& api_argv) {
  AgentOptions options;
  options.args = std::move(flags);
  options.args.push_back("--proxy-argv=[]");
  options.args.push_back("--");
  options.args.insert(options.args.end(), api_argv.begin(), api_argv.end());
  return options;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("agent: the main child's exit status 0-255 is the agent's", "[agent][supervisor]") {
  for (int code = 0; code <= 255; ++code) {
    AgentProcess agent(api_only({"--main-restart=never"}, {"sh", "-c", "exit " + std::to_string(code)}));
    const auto exit_code = agent.wait_for_exit(10s);
    INFO("code " << code << ", stderr: " << agent.stderr_text());
    REQUIRE(exit_code == code);
  }
}

TEST_CASE("agent: a main child that exits with 0 ends the agent with 0, also by default", "[agent][supervisor]") {
  AgentProcess agent(api_only({}, {"sh", "-c", "exit 0"}));
  CHECK(agent.wait_for_exit(10s) == 0);
}

TEST_CASE("agent: 128+signal when a signal kills the main child", "[agent][supervisor]") {
  for (const int sig : {SIGKILL, SIGSEGV, SIGABRT, SIGUSR1, SIGTERM}) {
    AgentProcess agent(api_only({"--main-restart=never"}, {"sh", "-c", "kill -" + std::to_string(sig) + " $$"}));
    INFO("signal " << sig << ", stderr: " << agent.stderr_text());
    CHECK(agent.wait_for_exit(10s) == 128 + sig);
  }
}

TEST_CASE("agent: a forwarded signal that kills the main child gives 128+signal", "[agent][supervisor]") {
  for (const int sig : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) {
    AgentProcess agent(api_only({"--main-restart=never"}, {"sleep", "30"}));
    REQUIRE(wait_until([&] { return contains(agent.stderr_text(), "started agent-api"); }, 10s));
    agent.signal(sig);
    INFO("signal " << sig << ", stderr: " << agent.stderr_text());
    CHECK(agent.wait_for_exit(10s) == 128 + sig);
  }
}

TEST_CASE("agent: forwarded signals reach the process group of every child", "[agent][supervisor]") {
  const int stop_signal = GENERATE(SIGTERM, SIGINT);
  TempDir dir;
  const std::string log = dir.file("signals");
  AgentOptions options;
  options.args = {"--proxy-argv=" + json_argv({kChild, "record", log, "proxy", "grandchild"}),
                  "--",
                  kChild,
                  "record",
                  log,
                  "api",
                  "grandchild"};
  AgentProcess agent(options);
  const std::vector<std::string> roles = {"proxy", "proxy-grandchild", "api", "api-grandchild"};
  auto all_recorded = [&](const std::string& what) {
    for (const auto& role : roles) {
      if (count_lines(log, role + " " + what) != 1) return false;
    }
    return true;
  };
  REQUIRE(wait_until([&] { return all_recorded("ready"); }, 10s));

  for (const int sig : {SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH}) {
    agent.signal(sig);
    INFO("signal " << sig << "; recorded:\n" << read_file(log) << "stderr: " << agent.stderr_text());
    REQUIRE(wait_until([&] { return all_recorded(std::to_string(sig)); }, 10s));
  }
  CHECK(agent.running());

  agent.signal(stop_signal);
  const auto exit_code = agent.wait_for_exit(10s);
  INFO("recorded:\n" << read_file(log) << "stderr: " << agent.stderr_text());
  CHECK(all_recorded(std::to_string(stop_signal)));
  CHECK(exit_code == 0);  // the recorders exit with 0 after a stop signal
}

TEST_CASE("agent: orphaned grandchildren are re-parented to the agent and reaped", "[agent][supervisor]") {
  // Each subshell starts a sleep in the background and exits at once: the
  // sleeps become orphans, re-parented to the agent (a subreaper here, PID 1
  // in the container), and die 0.5 s later.
  const std::string script = "for i in 1 2 3 4 5 6 7 8 9 10; do (sleep 0.5 &); done; sleep 2.5";
  AgentProcess agent(api_only({}, {"sh", "-c", script}));
  REQUIRE(wait_until([&] { return contains(agent.stderr_text(), "started agent-api"); }, 10s));

  std::set<pid_t> orphans_seen;
  const auto deadline = std::chrono::steady_clock::now() + 1500ms;
  while (std::chrono::steady_clock::now() < deadline) {
    for (const auto& process : all_processes()) {
      if (process.ppid == agent.pid() && process.command == "sleep") orphans_seen.insert(process.pid);
    }
    std::this_thread::sleep_for(10ms);
  }
  CHECK(orphans_seen.size() >= 1);  // the test saw the orphans arrive
  // 1 s after the orphans exited: none of them is a zombie.
  std::vector<pid_t> zombies;
  std::vector<pid_t> children;
  for (const auto& process : all_processes()) {
    if (process.ppid != agent.pid()) continue;
    children.push_back(process.pid);
    if (process.state == 'Z') zombies.push_back(process.pid);
  }
  CHECK(zombies.empty());
  CHECK(children.size() == 1);  // only the main child (sh) is left
  INFO("stderr: " << agent.stderr_text());
  CHECK(agent.wait_for_exit(10s) == 0);
}

// The agent as the real PID 1 of a new PID namespace (as in a container),
// without --subreaper: orphans are reaped, and a SIGTERM sent from inside the
// namespace reaches it (the kernel drops signals that PID 1 neither handles
// nor blocks; the agent blocks them). Needs root and unshare; otherwise the
// test only says so.
TEST_CASE("agent: as PID 1 of a PID namespace", "[agent][supervisor]") {
  octobot::agent::CommandRequest probe;
  probe.argv = {"unshare", "--pid", "--fork", "--mount-proc", "--", "true"};
  probe.environment = octobot::agent::tool_environment();
  auto probed = octobot::agent::run_command(probe);
  if (::geteuid() != 0 || !probed || !probed->succeeded()) {
    WARN("skipped: needs root and unshare --pid --mount-proc");
    return;
  }
  // Orphans die after 0.2 s; 1 s later no process in the namespace may be a
  // zombie (exit 9 otherwise); then the main child asks PID 1 to stop.
  const std::string script = R"sh(for i in 1 2 3 4 5; do (sleep 0.2 &); done; sleep 1.2
    for f in /proc/[0-9]*/status; do grep -q '^State:.Z' "$f" 2>/dev/null && exit 9; done
    [ "$PPID" = 1 ] || exit 8
    kill -TERM 1; sleep 30)sh";
  AgentOptions options = api_only({"--main-restart=never"}, {"sh", "-c", script});
  options.prefix = {"unshare", "--pid", "--fork", "--mount-proc", "--"};
  options.subreaper = false;
  AgentProcess agent(options);
  const auto exit_code = agent.wait_for_exit(20s);
  const std::string err = agent.stderr_text();
  INFO("stderr: " << err);
  CHECK(exit_code == 128 + SIGTERM);
  CHECK(contains(err, "received SIGTERM; stopping"));
  CHECK_FALSE(contains(err, "not PID 1"));
}

TEST_CASE("agent: a child that ignores SIGTERM is killed after the grace period", "[agent][supervisor]") {
  TempDir dir;
  const std::string log = dir.file("ready");
  AgentProcess agent(api_only({"--grace-period=300ms"}, {kChild, "ignore-term", log}));
  REQUIRE(wait_until([&] { return count_lines(log, "ready") == 1; }, 10s));
  const auto start = std::chrono::steady_clock::now();
  agent.signal(SIGTERM);
  const auto exit_code = agent.wait_for_exit(10s);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  INFO("stderr: " << agent.stderr_text());
  CHECK(exit_code == 128 + SIGKILL);
  CHECK(elapsed >= 250ms);
  CHECK(elapsed < 8s);
  CHECK(contains(agent.stderr_text(), "sending SIGKILL"));
}

TEST_CASE("agent: when the main child exits with 0 the proxy is stopped", "[agent][supervisor]") {
  AgentOptions options;
  options.args = {"--proxy-argv=" + json_argv({"sleep", "30"}), "--", "sh", "-c", "sleep 0.2; exit 0"};
  AgentProcess agent(options);
  const auto start = std::chrono::steady_clock::now();
  CHECK(agent.wait_for_exit(8s) == 0);
  CHECK(std::chrono::steady_clock::now() - start < 8s);
  const std::string err = agent.stderr_text();
  INFO("stderr: " << err);
  CHECK(contains(err, "proxy (pid"));
  CHECK(contains(err, "was killed by SIGTERM"));
}

TEST_CASE("agent: a crash-looping child is given up on with a clear message", "[agent][supervisor]") {
  SECTION("a non-main child") {
    AgentOptions options;
    options.args = {"--restart-delay=10ms",
                    "--crash-limit=3",
                    "--proxy-argv=" + json_argv({"sh", "-c", "exit 3"}),
                    "--",
                    "sleep",
                    "30"};
    AgentProcess agent(options);
    const auto exit_code = agent.wait_for_exit(10s);
    const std::string err = agent.stderr_text();
    INFO("stderr: " << err);
    CHECK(exit_code == 3);
    CHECK(contains(err, "octobot-agent: proxy (pid"));
    CHECK(contains(err, "giving up on proxy: it ended 3 times within 1m"));
    CHECK(contains(err, "restarting in 10ms"));
    CHECK(contains(err, "restarting in 20ms"));
  }
  SECTION("the main child") {
    AgentProcess agent(api_only({"--restart-delay=10ms", "--crash-limit=4"}, {"sh", "-c", "kill -SEGV $$"}));
    const auto exit_code = agent.wait_for_exit(10s);
    const std::string err = agent.stderr_text();
    INFO("stderr: " << err);
    CHECK(exit_code == 128 + SIGSEGV);
    CHECK(contains(err, "giving up on agent-api: it ended 4 times"));
  }
  SECTION("a program that cannot be started again") {
    TempDir dir;
    const std::string program = dir.file("proxy.sh");
    {
      std::FILE* f = std::fopen(program.c_str(), "w");
      std::fputs("#!/bin/sh\nrm -f \"$0\"\nexit 1\n", f);
      std::fclose(f);
      ::chmod(program.c_str(), 0755);
    }
    AgentOptions options;
    options.args = {
        "--restart-delay=10ms", "--crash-limit=3", "--proxy-argv=" + json_argv({program}), "--", "sleep", "30"};
    AgentProcess agent(options);
    const auto exit_code = agent.wait_for_exit(10s);
    const std::string err = agent.stderr_text();
    INFO("stderr: " << err);
    CHECK(exit_code == 1);
    CHECK(contains(err, "does not exist or is not an executable file"));
    CHECK(contains(err, "giving up on proxy"));
  }
}

TEST_CASE("agent: a crashed non-main child is restarted", "[agent][supervisor]") {
  TempDir dir;
  const std::string starts = dir.file("starts");
  // The proxy fails twice, then stays up; the agent API waits for the third
  // start and exits with 0, which stops the proxy.
  const std::string proxy = R"sh(echo start >> "$0"; [ "$(wc -l < "$0")" -ge 3 ] && exec sleep 30; exit 1)sh";
  const std::string api = R"sh(until [ "$(cat "$0" 2>/dev/null | wc -l)" -ge 3 ]; do sleep 0.05; done; exit 0)sh";
  AgentOptions options;
  options.args = {
      "--restart-delay=20ms", "--proxy-argv=" + json_argv({"sh", "-c", proxy, starts}), "--", "sh", "-c", api, starts};
  AgentProcess agent(options);
  const auto exit_code = agent.wait_for_exit(10s);
  const std::string err = agent.stderr_text();
  INFO("stderr: " << err);
  CHECK(exit_code == 0);
  CHECK(count_lines(starts, "start") == 3);
  CHECK(contains(err, "exited with status 1; restarting in 20ms (1 of 5 within 1m)"));
  CHECK(contains(err, "exited with status 1; restarting in 40ms (2 of 5 within 1m)"));
}

TEST_CASE("agent: a failed main child is restarted by default", "[agent][supervisor]") {
  TempDir dir;
  const std::string starts = dir.file("starts");
  const std::string api = R"sh(echo start >> "$0"; [ "$(wc -l < "$0")" -ge 2 ] && exit 0; exit 7)sh";
  AgentProcess agent(api_only({"--restart-delay=10ms"}, {"sh", "-c", api, starts}));
  CHECK(agent.wait_for_exit(10s) == 0);
  CHECK(count_lines(starts, "start") == 2);
}

TEST_CASE("agent: the agent API's environment has the proxy and the CA", "[agent][supervisor]") {
  TempDir dir;
  const std::string out = dir.file("env");
  AgentOptions options =
      api_only({"--ca-cert=/ca/session.crt", "--ca-bundle=/ca/bundle.crt"}, {"sh", "-c", R"sh(env > "$0")sh", out});
  options.env = {{"HTTPS_PROXY", "http://elsewhere:1"}, {"KEEP_ME", "yes"}};
  AgentProcess agent(options);
  REQUIRE(agent.wait_for_exit(10s) == 0);
  const std::string env = read_file(out);
  CHECK(count_lines(out, "HTTP_PROXY=http://127.0.0.1:17080") == 1);
  CHECK(count_lines(out, "HTTPS_PROXY=http://127.0.0.1:17080") == 1);
  CHECK(count_lines(out, "https_proxy=http://127.0.0.1:17080") == 1);
  CHECK(count_lines(out, "ALL_PROXY=http://127.0.0.1:17080") == 1);
  CHECK(count_lines(out, "NO_PROXY=localhost,127.0.0.1") == 1);
  CHECK(count_lines(out, "NODE_EXTRA_CA_CERTS=/ca/session.crt") == 1);
  CHECK(count_lines(out, "SSL_CERT_FILE=/ca/bundle.crt") == 1);
  CHECK(count_lines(out, "REQUESTS_CA_BUNDLE=/ca/bundle.crt") == 1);
  CHECK(count_lines(out, "KEEP_ME=yes") == 1);
}

TEST_CASE("agent: a failing set-up step is one clear line and a non-zero exit", "[agent][setup]") {
  TempDir dir;
  AgentOptions options;
  options.skip_setup = false;
  options.args = {"--skip-steps=users,home,firewall,privileges",
                  "--agent-user=",
                  "--proxy-user=",
                  "--session-id=s1",
                  "--data-dir=" + dir.path(),
                  "--source-dir=" + dir.file("no-such-repository"),
                  "--proxy-argv=[]",
                  "--",
                  "true"};
  AgentProcess agent(options);
  const auto exit_code = agent.wait_for_exit(30s);
  const std::string err = agent.stderr_text();
  INFO("stderr: " << err);
  CHECK(exit_code == 1);
  // One line of its own (the agent's other lines, such as the subreaper notice, may come first).
  const std::string line = "octobot-agent: set-up step 'workspace' failed: git clone exited with status 128: ";
  CHECK((err.starts_with(line) || contains(err, "\n" + line)));
  CHECK(!contains(err, "started agent-api"));
}

TEST_CASE("agent: configuration errors name the culprit", "[agent][config]") {
  SECTION("flag") {
    AgentProcess agent(api_only({"--grace-period=soon"}, {"true"}));
    CHECK(agent.wait_for_exit(10s) == 2);
    CHECK(contains(agent.stderr_text(), "octobot-agent: --grace-period: \"soon\" is not a duration"));
  }
  SECTION("environment") {
    AgentOptions options = api_only({}, {"true"});
    options.env = {{"OCTOBOT_CRASH_LIMIT", "0"}};
    AgentProcess agent(options);
    CHECK(agent.wait_for_exit(10s) == 2);
    CHECK(
        contains(agent.stderr_text(), "octobot-agent: OCTOBOT_CRASH_LIMIT: \"0\" is not a number between 1 and 1000"));
  }
  SECTION("a program that cannot be started") {
    AgentProcess agent(api_only({}, {"/nonexistent/octobot-agent-api"}));
    CHECK(agent.wait_for_exit(10s) == 1);
    CHECK(contains(agent.stderr_text(), "octobot-agent: cannot start '/nonexistent/octobot-agent-api'"));
  }
}
