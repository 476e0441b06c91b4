// install_firewall(): loads the egress policy of setup/firewall_rules.hpp
// into the container's network namespace, IPv4 and IPv6.
//
// Contract:
// - Runs `ipv4_restore` (default: iptables-restore) and then `ipv6_restore`
//   (ip6tables-restore) with the rules text on stdin (argv only). Both run as
//   the agent (root with CAP_NET_ADMIN, before privileges are dropped).
// - IPv6 is skipped only when the kernel has no IPv6 at all (no
//   /proc/net/if_inet6, e.g. ipv6.disable=1): there is nothing to filter then.
//   Otherwise a failing ip6tables-restore fails the step: the firewall fails
//   closed, never half-installed without saying so.
// - Errors: "iptables-restore exited with status 2: iptables-restore: line 5
//   failed", or the message of run_command() when the program cannot start.
#pragma once
#include "lib/result.hpp"

#include <string>
#include <vector>
#include <sys/types.h>

namespace octobot::agent {

struct FirewallOptions {
  uid_t proxy_uid = 0;
  std::vector<std::string> ipv4_restore{"iptables-restore"};
  std::vector<std::string> ipv6_restore{"ip6tables-restore"};
};

Expected<void, std::string> install_firewall(const FirewallOptions& options);

// Whether the kernel has IPv6 (/proc/net/if_inet6 exists).
bool kernel_has_ipv6();

}  // namespace octobot::agent
