// octobot-proxy configuration: the YAML file, its validation, and the JSON
// views the control API reads and writes (issue 3, DESIGN.md §7).
//
// Contract:
// - parse_proxy_config() validates everything (unknown keys, types, host
//   patterns, CIDRs, sizes, durations, listen addresses). An error names the
//   source, the line and the key: "proxy.yaml:7: allow.cidrs[1]: host bits set
//   beyond the prefix in 10.0.0.1/8". It never throws, whatever the input:
//   input over 1 MiB, nesting over 32 levels, more than 100,000 values
//   (aliases count at each use), duplicate keys, several documents and text
//   that is not UTF-8 are errors too (lib/config/yaml.hpp reads the YAML).
//   The keys threads and log.level are accepted and left to octobot-proxy's
//   command line (see config_reader.hpp).
// - load_proxy_config() reads the file (at most 1 MiB), parses it, and reads
//   each credential's value_file. Relative paths in the file (value_file,
//   token_file, ca, upstream_ca_files, cache.dir, log.file) are resolved
//   against the config file's directory; parse_proxy_config() keeps them as
//   written. A secret is kept only in CredentialRule::value: the file's content
//   (a regular file of at most 64 KiB) minus one trailing "\n" or "\r\n"; an
//   empty secret, or one with CR, LF, NUL or another control character (tab
//   aside), is an error (naming the file and that rule, never the content),
//   and so are such characters in set_headers values.
// - Host names (allow.hosts, rules[].host) are stored in canonical form (see
//   canonical_host()); IP literals as their canonical address text without
//   brackets ("::1", "10.0.0.1"). A rule's host must be exact (no glob) and is
//   allowed by the Policy even when allow.hosts does not list it. Header
//   names are lowercase HTTP tokens; framing headers (host, content-length,
//   transfer-encoding, connection, ...) cannot be set or removed by a rule.
// - A credential's placeholder is 8-128 characters of [A-Za-z0-9_-]; one
//   placeholder may serve several rules only with the same secret.
// - policy_to_json()/config_to_json() never contain a secret value: a
//   credential shows its header, placeholder and "value": "<redacted>" (not
//   where the secret came from, so that the view can be sent back as is).
// - replace_policy() (PUT /config) replaces allow, deny and rules from a JSON
//   object with exactly those keys (each optional, missing = empty);
//   patch_policy() (PATCH /config) applies an RFC 7386 merge patch to the
//   policy's JSON view. The control API takes secrets, never files: a
//   credential gives "value" (the secret itself), or omits it (or gives
//   "<redacted>", what GET shows) to keep the current secret of the credential
//   with the same host, header and placeholder in `current`; a "value_file"
//   is refused (it would let a token holder make the proxy read any file it
//   can). Nothing is read from disk.
//   Errors name the JSON path ("rules[0].credentials[0].placeholder: ...").
#pragma once
#include "lib/result.hpp"
#include "proxy/net/address_class.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
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
  std::string api_token_file;  // exactly one of these two when api_listen is set:
  std::string api_token_sha256;  // the token's SHA-256, 64 lowercase hex digits
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
// PUT /config; `current` is the policy in effect (its secrets may be kept).
Expected<PolicyConfig, ConfigError> replace_policy(const nlohmann::json& body, const PolicyConfig& current);
// PATCH /config (RFC 7386 merge patch on policy_to_json(current)).
Expected<PolicyConfig, ConfigError> patch_policy(const PolicyConfig& current, const nlohmann::json& patch);

// "20GiB", "512MiB", "10GB", "1048576" → bytes; nullopt when malformed or overflowing.
// Units (case-insensitive): B, KB, MB, GB, TB (powers of 1000), KiB, MiB, GiB, TiB (powers of 1024).
std::optional<std::uint64_t> parse_byte_size(std::string_view text);
// "500ms", "30s", "5m", "1h", "30" (seconds) → milliseconds; nullopt when malformed or overflowing.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// A listen address: "host:port" (IPv4, "[IPv6]:port" or a host name; port
// 1-65535), or "unix:/absolute/path" when `allow_unix`.
struct ListenAddress {
  std::string host;       // without brackets; "" for a unix socket
  std::uint16_t port = 0;
  std::string unix_path;  // "/run/proxy.sock" for "unix:/run/proxy.sock", else ""
};
std::optional<ListenAddress> parse_listen_address(std::string_view text, bool allow_unix);

}  // namespace octobot::proxy
