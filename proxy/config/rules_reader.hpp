// Reading `rules` (per-host header rules and credentials) from a ConfigNode
// tree (internal to proxy/config; see policy_reader.hpp for secrets).
//
// Checks: each rule's host is an exact canonical name or IP literal and has
// only one rule; header names are HTTP tokens (stored lowercase), not framing
// headers, and not both set and removed; header values have no CR/LF/NUL; a
// credential's header is not also set or removed by its rule; a placeholder
// names one secret across all rules (compared where both secrets are known).
#pragma once
#include "proxy/config/config_node.hpp"
#include "proxy/config/policy_reader.hpp"
#include "proxy/config/proxy_config.hpp"

#include <vector>

namespace octobot::proxy {

Expected<std::vector<HostRule>, ConfigError> read_rules(const Field& rules, const SecretSources& secrets);

}  // namespace octobot::proxy
