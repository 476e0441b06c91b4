#include "proxy/config/config_reader.hpp"

#include "proxy/config/config_values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace octobot::proxy {
namespace {

constexpr std::string_view kHostPortForm = "host:port (IPv4, [IPv6]:port or a host name; port 1-65535)";

std::optional<ConfigError> read_listen(const Field& root, ProxyConfig& config) {
  auto field = find_member(root, "listen");
  if (!field) return std::nullopt;
  auto text = read_string(*field);
  if (!text) return text.error();
  if (!parse_listen_address(*text, false)) {
    return field->error("expected " + std::string(kHostPortForm) + ", got " + quote_value(*text));
  }
  config.listen = std::move(*text);
  return std::nullopt;
}

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

// api.token_file or api.token_sha256: exactly one, the hash as 64 hex digits
// (stored lowercase; the value is never repeated in a message).
std::optional<ConfigError> read_api_token_source(const Field& api, ProxyConfig& config) {
  if (auto error = read_optional_string(api, "token_file", config.api_token_file)) return error;
  auto hash = find_member(api, "token_sha256");
  if (!hash) {
    if (!config.api_token_file.empty()) return std::nullopt;
    return api.missing("token_file",
                       "required when api.listen is set: the file holding the bearer token (or api.token_sha256: "
                       "the token's SHA-256)");
  }
  if (find_member(api, "token_file")) return hash->error("give api.token_file or api.token_sha256, not both");
  auto text = read_string(*hash);
  if (!text) return text.error();
  if (!is_sha256_hex(*text)) {
    return hash->error("expected the bearer token's SHA-256 as 64 hex digits, got " + std::to_string(text->size()) +
                       " characters" + (text->size() == 64 ? " that are not all hex digits" : ""));
  }
  std::transform(text->begin(), text->end(), text->begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  config.api_token_sha256 = std::move(*text);
  return std::nullopt;
}

std::optional<ConfigError> read_api(const Field& api, ProxyConfig& config) {
  if (auto error = check_mapping(api, {"listen", "token_file", "token_sha256"})) return error;
  if (api.node().kind == ConfigNode::Kind::null) return std::nullopt;
  auto listen = find_member(api, "listen");
  if (!listen) return api.missing("listen", "required: the control API's address, host:port or unix:/path");
  auto text = read_string(*listen);
  if (!text) return text.error();
  if (!parse_listen_address(*text, true)) {
    return listen->error("expected " + std::string(kHostPortForm) + " or unix:/absolute/path, got " +
                         quote_value(*text));
  }
  config.api_listen = std::move(*text);
  return read_api_token_source(api, config);
}

std::optional<ConfigError> read_ca(const Field& ca, ProxyConfig& config) {
  if (auto error = check_mapping(ca, {"cert", "key"})) return error;
  if (auto error = read_optional_string(ca, "cert", config.ca_cert)) return error;
  if (auto error = read_optional_string(ca, "key", config.ca_key)) return error;
  if (config.ca_cert.empty() != config.ca_key.empty()) {
    return ca.missing(config.ca_cert.empty() ? "cert" : "key", "required: give both the CA's cert and key");
  }
  return std::nullopt;
}

std::optional<ConfigError> read_upstream_cas(const Field& field, ProxyConfig& config) {
  auto elements = read_list(field);
  if (!elements) return elements.error();
  for (const Field& element : *elements) {
    auto path = read_string(element);
    if (!path) return path.error();
    if (path->empty()) return element.error("must not be empty");
    config.upstream_ca_files.push_back(std::move(*path));
  }
  return std::nullopt;
}

std::optional<ConfigError> read_byte_size(const Field& map, std::string_view key, std::uint64_t& out) {
  auto field = find_member(map, key);
  if (!field) return std::nullopt;
  auto text = read_string(*field);
  if (!text) return text.error();
  auto bytes = parse_byte_size(*text);
  if (!bytes || *bytes == 0) {
    return field->error("expected a size above zero like 64KiB, 512MiB, 20GiB, 10GB or 1048576, got " +
                        quote_value(*text));
  }
  out = *bytes;
  return std::nullopt;
}

std::optional<ConfigError> read_cache(const Field& cache, ProxyConfig& config) {
  if (auto error = check_mapping(cache, {"dir", "max_size"})) return error;
  if (auto error = read_optional_string(cache, "dir", config.cache_dir)) return error;
  return read_byte_size(cache, "max_size", config.cache_max_size);
}

std::optional<ConfigError> read_log(const Field& log, ProxyConfig& config) {
  if (auto error = check_mapping(log, {"file", "level"})) return error;
  if (auto error = read_optional_string(log, "file", config.log_file)) return error;
  if (config.log_file.empty()) return find_member(log, "file")->error("must not be empty (\"-\" is stdout)");
  return std::nullopt;
}

std::optional<ConfigError> read_duration(const Field& map, std::string_view key, std::chrono::milliseconds& out) {
  auto field = find_member(map, key);
  if (!field) return std::nullopt;
  auto text = read_string(*field);
  if (!text) return text.error();
  auto duration = parse_duration(*text);
  if (!duration || duration->count() == 0) {
    return field->error("expected a duration above zero like 500ms, 30s, 5m, 1h or 30 (seconds), got " +
                        quote_value(*text));
  }
  out = *duration;
  return std::nullopt;
}

std::optional<ConfigError> read_max_connections(const Field& limits, std::size_t& out) {
  constexpr std::size_t max = 1'000'000;
  auto field = find_member(limits, "max_connections");
  if (!field) return std::nullopt;
  auto text = read_string(*field);
  if (!text) return text.error();
  std::size_t count = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), count);
  if (text->empty() || ec != std::errc() || end != text->data() + text->size() || count == 0 || count > max) {
    return field->error("expected a whole number from 1 to " + std::to_string(max) + ", got " + quote_value(*text));
  }
  out = count;
  return std::nullopt;
}

std::optional<ConfigError> read_limits(const Field& limits, LimitsConfig& out) {
  if (auto error = check_mapping(
          limits, {"max_connections", "header_limit", "header_timeout", "idle_timeout", "connect_timeout"})) {
    return error;
  }
  if (auto error = read_max_connections(limits, out.max_connections)) return error;
  std::uint64_t header_limit = out.header_limit;
  if (auto error = read_byte_size(limits, "header_limit", header_limit)) return error;
  out.header_limit = static_cast<std::size_t>(header_limit);
  if (auto error = read_duration(limits, "header_timeout", out.header_timeout)) return error;
  if (auto error = read_duration(limits, "idle_timeout", out.idle_timeout)) return error;
  return read_duration(limits, "connect_timeout", out.connect_timeout);
}

using SectionReader = std::optional<ConfigError> (*)(const Field&, ProxyConfig&);

std::optional<ConfigError> read_section(const Field& root, std::string_view key, SectionReader reader,
                                        ProxyConfig& config) {
  auto field = find_member(root, key);
  return field ? reader(*field, config) : std::nullopt;
}

std::optional<ConfigError> read_settings(const Field& root, ProxyConfig& config) {
  if (auto error = read_listen(root, config)) return error;
  if (auto error = read_section(root, "api", read_api, config)) return error;
  if (auto error = read_section(root, "ca", read_ca, config)) return error;
  if (auto error = read_section(root, "upstream_ca_files", read_upstream_cas, config)) return error;
  if (auto error = read_section(root, "cache", read_cache, config)) return error;
  if (auto error = read_section(root, "log", read_log, config)) return error;
  auto limits = find_member(root, "limits");
  return limits ? read_limits(*limits, config.limits) : std::nullopt;
}

}  // namespace

Expected<ProxyConfig, ConfigError> read_proxy_config(const Field& root, const SecretSources& secrets) {
  if (root.node().kind != ConfigNode::Kind::map) {
    return root.error("the top level must be a mapping of settings (listen, allow, rules, ...), got " +
                      describe_kind(root.node()));
  }
  if (auto error = check_mapping(root, {"listen", "api", "ca", "upstream_ca_files", "allow", "deny", "rules", "cache",
                                        "log", "limits", "threads"})) {
    return *error;
  }
  ProxyConfig config;
  if (auto error = read_settings(root, config)) return *error;
  auto policy = read_policy(root, secrets);
  if (!policy) return policy.error();
  config.policy = std::move(*policy);
  return config;
}

}  // namespace octobot::proxy
