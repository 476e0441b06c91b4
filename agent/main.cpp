// octobot-agent: PID 1 of a session container (DESIGN §5; agent/README.md).
// Wiring only: each job is in its own file.
#include "agent/children.hpp"
#include "agent/child_environment.hpp"
#include "agent/config.hpp"
#include "agent/report.hpp"
#include "agent/setup/steps.hpp"
#include "agent/signals.hpp"
#include "agent/supervisor.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/prctl.h>
#include <unistd.h>

namespace {

constexpr int kUsageError = 2;
constexpr int kSetupError = 1;

int run(int argc, char** argv) {
  using namespace octobot::agent;
  // First, so that a SIGTERM during set-up waits for the supervisor.
  if (auto blocked = block_signals(); !blocked) {
    report(blocked.error());
    return kSetupError;
  }
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  auto config = parse_config(args, process_environment());
  if (!config) {
    report(config.error());
    return kUsageError;
  }
  if (config->help) {
    std::fputs(usage_text().c_str(), stdout);
    return 0;
  }
  if (config->subreaper && ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    report(std::string("cannot become a child subreaper: ") + std::strerror(errno));
    return kSetupError;
  }
  if (::getpid() != 1 && !config->subreaper) {
    report("not PID 1 and not a subreaper (--subreaper): orphaned processes are not reaped by the agent");
  }
  auto signal_fd = open_signalfd();
  if (!signal_fd) {
    report(signal_fd.error());
    return kSetupError;
  }
  auto steps = plan_setup(*config);
  if (!steps) {
    report(steps.error());
    return kUsageError;
  }
  if (auto done = run_setup(*steps); !done) {
    report(done.error());
    return kSetupError;
  }
  auto children = child_specs(*config, current_environment());
  if (!children) {
    report(children.error());
    return kSetupError;
  }
  SupervisorOptions options;
  options.grace_period = config->grace_period;
  options.restart = config->restart;
  options.main_restart = config->main_restart;
  Supervisor supervisor(options, std::move(*children), std::move(*signal_fd));
  return supervisor.run();
}

}  // namespace

int main(int argc, char** argv) { return run(argc, argv); }
