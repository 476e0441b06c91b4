#include "agent/setup/firewall_rules.hpp"

namespace octobot::agent {

std::string firewall_rules(IpFamily family, uid_t proxy_uid) {
  const std::string unreachable = family == IpFamily::ipv4 ? "icmp-port-unreachable" : "icmp6-port-unreachable";
  const std::string uid = std::to_string(proxy_uid);
  std::string text;
  text += "*filter\n";
  text += ":INPUT ACCEPT [0:0]\n";
  text += ":FORWARD ACCEPT [0:0]\n";
  text += ":OUTPUT DROP [0:0]\n";
  text += "-A OUTPUT -m owner --uid-owner " + uid + " -j ACCEPT\n";
  text += "-A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n";
  text += "-A OUTPUT -p udp -m conntrack --ctorigdstport 53 -j REJECT --reject-with " + unreachable + "\n";
  text += "-A OUTPUT -p tcp -m conntrack --ctorigdstport 53 -j REJECT --reject-with tcp-reset\n";
  text += "-A OUTPUT -o lo -j ACCEPT\n";
  text += "-A OUTPUT -p tcp -j REJECT --reject-with tcp-reset\n";
  text += "-A OUTPUT -j REJECT --reject-with " + unreachable + "\n";
  text += "COMMIT\n";
  return text;
}

}  // namespace octobot::agent
