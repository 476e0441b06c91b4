// child_environment(): the environment each supervised child starts with.
//
// Contract (pure):
// - Starts from `base` (the agent's own environment, "NAME=value" entries, in
//   order) and removes every proxy and trust-store variable in any letter
//   case: HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS,
//   SSL_CERT_FILE, REQUESTS_CA_BUNDLE. The proxy child keeps it that way (it
//   must not send its own traffic to itself).
// - The agent API child then gets, appended in this order:
//     HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and their lowercase forms = proxy_url
//       (curl reads only the lowercase http_proxy; Python and Node read both),
//     NO_PROXY and no_proxy = no_proxy,
//     NODE_EXTRA_CA_CERTS = ca_cert (Node adds it to its built-in roots),
//     SSL_CERT_FILE, REQUESTS_CA_BUNDLE = ca_bundle (these replace the trust
//       store of OpenSSL and of Python's requests, so they name the system
//       bundle that holds the session CA: tunnelled hosts still verify).
// - With an identity, HOME, USER and LOGNAME are set to the user's (replacing
//   the agent's). PATH is added (the default of agent/spawn.hpp) when absent.
// - Nothing throws except std::bad_alloc.
#pragma once
#include "agent/identity.hpp"

#include <optional>
#include <string>
#include <vector>

namespace octobot::agent {

enum class ChildRole { proxy, agent_api };

struct ProxySettings {
  std::string proxy_url;
  std::string no_proxy;
  std::string ca_cert;
  std::string ca_bundle;
};

std::vector<std::string> child_environment(const std::vector<std::string>& base, ChildRole role,
                                           const ProxySettings& settings, const std::optional<Identity>& identity);

// The agent's own environment as "NAME=value" entries.
std::vector<std::string> current_environment();

}  // namespace octobot::agent
