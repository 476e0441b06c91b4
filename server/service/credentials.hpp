// Credentials: provider API keys, stored sealed with AES-256-GCM.
//
// The key is never returned, logged or put in an event; clients see provider,
// name, hosts and the last 4 characters. `hosts` are where the egress proxy
// may send the key: defaults per provider (anthropic → api.anthropic.com, ...)
// and required for other providers (e.g. a self-hosted gateway).
#pragma once
#include "server/service/context.hpp"

namespace octobot::service {

struct NewCredential {
  std::string provider;
  std::string name;
  std::string api_key;
  std::optional<std::vector<std::string>> hosts;
  std::optional<std::string> base_url;  // https://host[:port][/path]; its host is the default of `hosts`
};

class CredentialService {
 public:
  explicit CredentialService(Context& context) : context_(context) {}

  Result<store::Credential> create(std::string_view project_id, const NewCredential& input);
  Result<std::vector<store::Credential>> list(std::string_view project_id);
  Result<> remove(std::string_view project_id, std::string_view id);
  // The plaintext key, for the runtime that configures the proxy.
  Result<std::string> reveal(std::string_view project_id, std::string_view id);

 private:
  Context& context_;
};

// Default hosts of a known provider; empty for an unknown one.
std::vector<std::string> default_hosts(std::string_view provider);

// A host name or a "*.domain" glob, lowercase, no port, no trailing dot.
bool valid_host_pattern(std::string_view host);

}  // namespace octobot::service
