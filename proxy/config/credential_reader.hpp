// Reading one credential of a rule and its secret (internal to proxy/config;
// see policy_reader.hpp for where secrets come from).
//
// A credential is a mapping of header (an HTTP token, stored lowercase),
// placeholder (see is_valid_placeholder()) and exactly one of value_file or
// value. A secret read from a file loses one trailing "\n" or "\r\n"; an empty
// secret or one containing CR, LF or NUL is an error. Error messages never
// contain a secret, and about a file they name the file and the rule its
// content breaks, never the content. value_file is refused unless
// SecretSources::files_allowed (the configuration file, not the control API).
#pragma once
#include "proxy/config/config_node.hpp"
#include "proxy/config/policy_reader.hpp"
#include "proxy/config/proxy_config.hpp"

#include <map>
#include <string>
#include <string_view>

namespace octobot::proxy {

// The credentials of the current policy by host, header and placeholder: the
// ones whose secret a PATCH may keep. Empty when there is no current policy.
class CurrentCredentials {
 public:
  explicit CurrentCredentials(const PolicyConfig* current);
  const CredentialRule* find(std::string_view host, const CredentialRule& wanted) const;

 private:
  std::map<std::string, const CredentialRule*, std::less<>> by_key_;
};

// `host` is the canonical host of the rule the credential belongs to.
Expected<CredentialRule, ConfigError> read_credential(const Field& field, const std::string& host,
                                                      const SecretSources& secrets,
                                                      const CurrentCredentials& current);

}  // namespace octobot::proxy
