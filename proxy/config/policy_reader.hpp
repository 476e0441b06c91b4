// Reading the policy part of a configuration (allow, deny, rules) from a
// ConfigNode tree (internal to proxy/config).
//
// The YAML file, PUT /config and PATCH /config all go through read_policy(),
// so they are validated the same way (see proxy_config.hpp for the rules).
// Secrets: an inline "value" is taken as is; a "value_file" is refused unless
// `files_allowed` (only the configuration file may name files: through the
// control API a path would let a token holder make the proxy read any file
// it can), else resolved against `base_dir` and read when `read_files` is
// set; a credential giving neither (or "<redacted>") keeps the secret of the
// matching credential in `current` (same host, header and placeholder), and
// so does a value_file equal to that credential's. Without a match it is an
// error. Errors about a secret file name the file and the rule its content
// breaks, never the content.
#pragma once
#include "proxy/config/config_node.hpp"
#include "proxy/config/proxy_config.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace octobot::proxy {

inline constexpr std::string_view kRedactedSecret = "<redacted>";
inline constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

struct SecretSources {
  bool files_allowed = true;              // false for the control API: a value_file is an error
  bool read_files = false;                // read each value_file (parse_proxy_config does not)
  std::string base_dir;                   // relative value_file paths resolve against it ("" = as written)
  const PolicyConfig* current = nullptr;  // credentials that may keep their secret (PUT, PATCH)
};

// Reads the members allow, deny and rules of the mapping `root`; checking
// `root`'s other keys is the caller's job.
Expected<PolicyConfig, ConfigError> read_policy(const Field& root, const SecretSources& secrets);

}  // namespace octobot::proxy
