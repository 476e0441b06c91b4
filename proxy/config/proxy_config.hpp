// octobot-proxy configuration: the YAML file, its validation, and the JSON
// views the control API reads and writes (issue 3, DESIGN.md §7).
//
// Contract:
// - parse_proxy_config() validates everything (unknown keys, types, host
//   patterns, CIDRs, sizes, durations, listen addresses). An error names the
//   source, the line and the key: "proxy.yaml:7: allow.cidrs[1]: host bits set
//   beyond the prefix in 10.0.0.1/8". It never throws, whatever the input.
// - load_proxy_config() reads the file, parses it, and reads each credential's
//   value_file (relative paths are relative to the config file's directory).
//   A secret is kept only in CredentialRule::value.
// - policy_to_json()/config_to_json() never contain a secret value: a
//   credential shows its header, placeholder, value_file and "value": "<redacted>".
// - replace_policy() (PUT /config) replaces allow, deny and rules from a JSON
//   object with exactly those keys (each optional, missing = empty);
//   patch_policy() (PATCH /config) applies an RFC 7386 merge patch to the
//   policy's JSON view. In JSON a credential gives either "value" (the secret
//   itself) or "value_file"; a patch may omit both for an existing credential
//   (same host, header and placeholder), which keeps its current secret.
#pragma once
#include "lib/result.hpp"
#include "proxy/net/address_class.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace octobot::proxy {

struct ConfigError {
  std::string message;
};

struct CredentialRule {
  std::string header;       // header name, lowercase ("x-api-key", "authorization")
  std::string placeholder;  // e.g. OCTOBOT_PLACEHOLDER_ANTHROPIC
  std::string value_file;   // where the secret came from ("" when given inline)
  std::string value;        // the secret; never logged, never rendered
};

struct HostRule {
  std::string host;  // canonical host name (exact, no glob)
  std::vector<std::pair<std::string, std::string>> set_headers;  // names lowercase
  std::vector<std::string> remove_headers;                       // lowercase
  std::vector<CredentialRule> credentials;
};

// The part of the configuration the control API may change at run time.
struct PolicyConfig {
  std::vector<std::string> allow_hosts;  // canonical names and "*.domain" patterns
  std::vector<Cidr> allow_cidrs;
  std::vector<Cidr> deny_cidrs;
  std::vector<HostRule> rules;
};

struct LimitsConfig {
  std::size_t max_connections = 1024;
  std::size_t header_limit = 64 * 1024;  // bytes of request or response header
  std::chrono::milliseconds header_timeout{30'000};
  std::chrono::milliseconds idle_timeout{300'000};  // no byte either way on a connection/tunnel
  std::chrono::milliseconds connect_timeout{10'000};
};

struct ProxyConfig {
  std::string source;  // the file it was read from, for messages and SIGHUP
  std::string listen = "127.0.0.1:17080";
  std::string api_listen;      // "host:port" or "unix:/path.sock"; "" = no control API
  std::string api_token_file;  // required when api_listen is set
  std::string ca_cert;         // "" = no interception possible
  std::string ca_key;
  std::vector<std::string> upstream_ca_files;
  PolicyConfig policy;
  std::string cache_dir;  // "" = no registry cache
  std::uint64_t cache_max_size = 20ull << 30;
  std::string log_file = "-";  // "-" = stdout
  LimitsConfig limits;         // YAML key "limits" (optional): max_connections, header_limit, *_timeout
};

// Parses YAML text; `source` names it in errors. Does not read value_files.
Expected<ProxyConfig, ConfigError> parse_proxy_config(std::string_view yaml_text, std::string_view source);
// Reads and parses the file, then loads every credential's value_file.
Expected<ProxyConfig, ConfigError> load_proxy_config(const std::string& path);

nlohmann::json policy_to_json(const PolicyConfig& policy);  // secrets redacted
nlohmann::json config_to_json(const ProxyConfig& config);   // secrets redacted
// PUT /config. `base_dir` resolves relative value_file paths.
Expected<PolicyConfig, ConfigError> replace_policy(const nlohmann::json& body, const std::string& base_dir);
// PATCH /config (RFC 7386 merge patch on policy_to_json(current)).
Expected<PolicyConfig, ConfigError> patch_policy(const PolicyConfig& current, const nlohmann::json& patch,
                                                 const std::string& base_dir);

// "20GiB", "512MiB", "10GB", "1048576" → bytes; nullopt when malformed or overflowing.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

}  // namespace octobot::proxy
