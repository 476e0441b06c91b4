// The proxy's configuration file, <data-dir>/proxy/proxy.yaml, written at
// every start by the session-ca step (the proxy reads it with --config).
//
// Contract:
// - proxy_config_text() (pure) renders the YAML octobot-proxy reads
//   (docs/proxy.md): listen 127.0.0.1:17080 (the agents' HTTP(S)_PROXY);
//   api.listen 0.0.0.0:17081 with api.token_sha256 (the server pushes the
//   policy and the credentials there with PUT /config); ca.cert and ca.key;
//   upstream_ca_files [upstream_ca_file] when one is given, else [];
//   allow.hosts [] (deny everything until the server pushes a policy);
//   log.file "-" (the access log on stdout, the container's log). Every
//   string value is a double-quoted YAML scalar (JSON escaping).
// - write_proxy_config() checks the options (a token hash of 64 lowercase
//   hex digits; an upstream CA file that exists) and writes the text to
//   `path` with write_owned_file(): 0600, owned by `owner` (the proxy user).
//   Errors: "OCTOBOT_PROXY_TOKEN_SHA256 is not set: ...", "OCTOBOT_UPSTREAM_CA_FILE:
//   /etc/octobot/upstream-ca.pem: No such file or directory", path errors.
#pragma once
#include "agent/identity.hpp"
#include "lib/result.hpp"

#include <optional>
#include <string>

namespace octobot::agent {

inline constexpr std::string_view kProxyListen = "127.0.0.1:17080";
inline constexpr std::string_view kProxyApiListen = "0.0.0.0:17081";

struct ProxyConfigOptions {
  std::string path;  // <data-dir>/proxy/proxy.yaml
  std::string ca_cert;
  std::string ca_key;
  std::string token_sha256;
  std::string upstream_ca_file;  // "" : none
  std::optional<Identity> owner;
};

std::string proxy_config_text(const ProxyConfigOptions& options);

Expected<void, std::string> write_proxy_config(const ProxyConfigOptions& options);

}  // namespace octobot::agent
