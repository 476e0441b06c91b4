#include "agent/command.hpp"
#include "agent/setup/firewall.hpp"
#include "agent/setup/firewall_rules.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

using octobot::agent::firewall_rules;
using octobot::agent::IpFamily;

TEST_CASE("firewall rules: IPv4", "[agent][firewall]") {
  CHECK(firewall_rules(IpFamily::ipv4, 1001) ==
        "*filter\n"
        ":INPUT ACCEPT [0:0]\n"
        ":FORWARD ACCEPT [0:0]\n"
        ":OUTPUT DROP [0:0]\n"
        "-A OUTPUT -m owner --uid-owner 1001 -j ACCEPT\n"
        "-A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"
        "-A OUTPUT -p udp -m conntrack --ctorigdstport 53 -j REJECT --reject-with icmp-port-unreachable\n"
        "-A OUTPUT -p tcp -m conntrack --ctorigdstport 53 -j REJECT --reject-with tcp-reset\n"
        "-A OUTPUT -o lo -j ACCEPT\n"
        "-A OUTPUT -p tcp -j REJECT --reject-with tcp-reset\n"
        "-A OUTPUT -j REJECT --reject-with icmp-port-unreachable\n"
        "COMMIT\n");
}

TEST_CASE("firewall rules: IPv6 differs only in the ICMP reject type", "[agent][firewall]") {
  const std::string v6 = firewall_rules(IpFamily::ipv6, 999);
  CHECK(v6.find("--uid-owner 999 -j ACCEPT") != std::string::npos);
  CHECK(v6.find("icmp-port-unreachable") == std::string::npos);
  std::string expected = firewall_rules(IpFamily::ipv4, 999);
  for (std::size_t at; (at = expected.find("icmp-port-unreachable")) != std::string::npos;) {
    expected.replace(at, 21, "icmp6-port-unreachable");
  }
  CHECK(v6 == expected);
}

TEST_CASE("firewall rules: the proxy's uid is accepted before DNS is refused, DNS before loopback",
          "[agent][firewall]") {
  const std::string rules = firewall_rules(IpFamily::ipv4, 1001);
  const auto proxy = rules.find("--uid-owner 1001 -j ACCEPT");
  const auto dns = rules.find("--ctorigdstport 53");
  const auto loopback = rules.find("-o lo -j ACCEPT");
  const auto reject_all = rules.find("-A OUTPUT -j REJECT");
  REQUIRE(proxy != std::string::npos);
  CHECK(proxy < dns);
  CHECK(dns < loopback);
  CHECK(loopback < reject_all);
  CHECK(rules.rfind("COMMIT\n") == rules.size() - 7);
}

// The rules load in the real kernel: installed into a throwaway network
// namespace (unshare --net), never into the machine's own. Needs root and
// permission to create namespaces; otherwise the test only says so.
TEST_CASE("firewall: iptables-restore and ip6tables-restore accept the rules", "[agent][firewall]") {
  octobot::agent::CommandRequest probe;
  probe.argv = {"unshare", "--net", "--", "true"};
  probe.environment = octobot::agent::tool_environment();
  auto probed = octobot::agent::run_command(probe);
  if (::geteuid() != 0 || !probed || !probed->succeeded()) {
    WARN("skipped: needs root and unshare --net");
    return;
  }
  octobot::agent::FirewallOptions options;
  options.proxy_uid = 1001;
  options.ipv4_restore = {"unshare", "--net", "--", "iptables-restore"};
  options.ipv6_restore = {"unshare", "--net", "--", "ip6tables-restore"};
  auto installed = octobot::agent::install_firewall(options);
  INFO((installed ? std::string() : installed.error()));
  CHECK(installed.ok());

  options.ipv4_restore = {"unshare", "--net", "--", "iptables-restore", "--bogus-option"};
  auto failed = octobot::agent::install_firewall(options);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().starts_with("unshare exited with status"));
}
