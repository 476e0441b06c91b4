#include "agent/setup/firewall.hpp"

#include "agent/command.hpp"
#include "agent/setup/firewall_rules.hpp"

#include <unistd.h>

namespace octobot::agent {
namespace {

Expected<void, std::string> restore(const std::vector<std::string>& argv, const std::string& rules) {
  CommandRequest request;
  request.argv = argv;
  request.environment = tool_environment();
  request.input = rules;
  auto result = run_command(request);
  if (!result) return result.error();
  if (!result->succeeded()) return failure_message(argv, *result);
  return {};
}

}  // namespace

bool kernel_has_ipv6() { return ::access("/proc/net/if_inet6", F_OK) == 0; }

Expected<void, std::string> install_firewall(const FirewallOptions& options) {
  if (auto v4 = restore(options.ipv4_restore, firewall_rules(IpFamily::ipv4, options.proxy_uid)); !v4) return v4;
  if (!kernel_has_ipv6()) return {};
  return restore(options.ipv6_restore, firewall_rules(IpFamily::ipv6, options.proxy_uid));
}

}  // namespace octobot::agent
