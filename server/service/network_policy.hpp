// A project's egress policy and the session proxy's configuration made from it
// (DESIGN.md §1, §7).
//
// Contract:
// - An agent may add to its project's policy, in the same shape (its
//   sessions get both).
// - A project without its own policy uses default_network_policy(): the agent
//   providers' API hosts, the npm registry, Debian, PyPI and GitHub.
// - read_network_policy() takes {"allowHosts": [...], "allowCidrs": [...]}
//   (both optional, nothing else): hosts are names or "*.domain" globs
//   (lowercased), CIDRs are IPv4 or IPv6 prefixes with zero host bits left
//   to the proxy to verify; at most 256 of each. Errors name the field.
// - proxy_policy() is the proxy's PUT /config body: the project policy, the
//   session's extra hosts (its workspace's git host), every credential's
//   hosts, and one rule per exact credential host that swaps the credential's
//   placeholder for its real value in the provider's auth headers. Cloud
//   metadata (169.254.169.254) is always denied. The result holds secrets:
//   it goes to the proxy's control API and nowhere else.
#pragma once
#include "server/service/context.hpp"

#include <string>
#include <vector>

namespace octobot::service {

struct NetworkPolicy {
  std::vector<std::string> allow_hosts;
  std::vector<std::string> allow_cidrs;
};

// A credential with its key, for the proxy.
struct RevealedCredential {
  store::Credential credential;
  std::string secret;
};

NetworkPolicy default_network_policy();
// The stored JSON of a project ("" → the default).
NetworkPolicy project_network_policy(const std::string& stored_json);
Result<NetworkPolicy> read_network_policy(const Json& body);
// Adds the hosts and CIDRs of a stored policy (an agent's) to `policy`; an unreadable one adds nothing.
void add_network_policy(NetworkPolicy& policy, const Json& addition);
Json network_policy_json(const NetworkPolicy& policy);

// OCTOBOT_PLACEHOLDER_<PROVIDER>_<8 hex of the id>: what the agent sees instead of the key.
std::string credential_placeholder(const store::Credential& credential);

Json proxy_policy(const NetworkPolicy& policy, const std::vector<std::string>& extra_hosts,
                  const std::vector<RevealedCredential>& credentials);

}  // namespace octobot::service
