// firewall_rules(): the session container's egress policy as the input of
// iptables-restore / ip6tables-restore (filter table only; other tables,
// such as the nat rules of Docker's embedded DNS, are left alone).
//
// Contract (pure; the same text for the same arguments):
// - INPUT and FORWARD keep policy ACCEPT (the agent API's port is published
//   by Docker; the container routes nothing). OUTPUT has policy DROP and, in
//   order:
//     1. packets of uid `proxy_uid` are accepted (the proxy is the only way
//        out, DNS included);
//     2. packets of established or related connections are accepted (replies
//        of connections made to the container, e.g. to the agent API);
//     3. DNS (udp and tcp, by the connection's ORIGINAL destination port 53,
//        so also queries to Docker's embedded resolver 127.0.0.11, which the
//        nat table redirects to another port) is rejected for everyone else;
//     4. loopback (-o lo) is accepted: the proxy on 127.0.0.1:17080, local
//        servers, the agent API itself;
//     5. everything else is rejected: tcp with a reset, the rest with
//        port-unreachable (icmp for IPv4, icmp6 for IPv6), so a tool fails at
//        once instead of hanging.
// - The text ends with COMMIT and a newline; tables are replaced, not
//   appended to (iptables-restore without --noflush).
#pragma once
#include <string>
#include <sys/types.h>

namespace octobot::agent {

enum class IpFamily { ipv4, ipv6 };

std::string firewall_rules(IpFamily family, uid_t proxy_uid);

}  // namespace octobot::agent
