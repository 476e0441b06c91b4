// The control API's JSON views (GET /config) and changes (PUT, PATCH /config).
#include "proxy/config/config_node.hpp"
#include "proxy/config/config_values.hpp"
#include "proxy/config/policy_reader.hpp"
#include "proxy/config/proxy_config.hpp"

#include <exception>

namespace octobot::proxy {
namespace {

using nlohmann::json;

// No value_file: the control API does not take one, and what GET shows can be sent back.
json credential_to_json(const CredentialRule& credential) {
  return {{"header", credential.header}, {"placeholder", credential.placeholder}, {"value", kRedactedSecret}};
}

json rule_to_json(const HostRule& rule) {
  json set_headers = json::object();
  for (const auto& [name, value] : rule.set_headers) set_headers[name] = value;
  json credentials = json::array();
  for (const CredentialRule& credential : rule.credentials) credentials.push_back(credential_to_json(credential));
  return {{"host", rule.host},
          {"set_headers", std::move(set_headers)},
          {"remove_headers", rule.remove_headers},
          {"credentials", std::move(credentials)}};
}

json cidrs_to_json(const std::vector<Cidr>& cidrs) {
  json out = json::array();
  for (const Cidr& cidr : cidrs) out.push_back(cidr.to_string());
  return out;
}

json limits_to_json(const LimitsConfig& limits) {
  return {{"max_connections", limits.max_connections},
          {"header_limit", limits.header_limit},
          {"header_timeout", format_duration(limits.header_timeout)},
          {"idle_timeout", format_duration(limits.idle_timeout)},
          {"connect_timeout", format_duration(limits.connect_timeout)}};
}

bool deeper_than(const json& value, int levels) {
  if (!value.is_structured()) return false;
  if (levels == 0) return true;
  for (const json& child : value) {
    if (deeper_than(child, levels - 1)) return true;
  }
  return false;
}

Expected<PolicyConfig, ConfigError> read_policy_json(const json& body, const SecretSources& secrets) {
  if (!body.is_object()) return ConfigError{"expected a JSON object with allow, deny and rules"};
  auto root = config_node_from_json(body);
  if (!root) return root.error();
  const Field field(*root, "", "");
  if (auto error = check_mapping(field, {"allow", "deny", "rules"})) return *error;
  return read_policy(field, secrets);
}

ConfigError internal_error(const std::exception& e) {
  return ConfigError{std::string("cannot apply the configuration: ") + e.what()};
}

// The control API's secrets: inline values, or the current ones kept; never files.
SecretSources control_api_secrets(const PolicyConfig& current) {
  return SecretSources{.files_allowed = false, .read_files = false, .base_dir = "", .current = &current};
}

}  // namespace

nlohmann::json policy_to_json(const PolicyConfig& policy) {
  json rules = json::array();
  for (const HostRule& rule : policy.rules) rules.push_back(rule_to_json(rule));
  return {{"allow", {{"hosts", policy.allow_hosts}, {"cidrs", cidrs_to_json(policy.allow_cidrs)}}},
          {"deny", {{"cidrs", cidrs_to_json(policy.deny_cidrs)}}},
          {"rules", std::move(rules)}};
}

nlohmann::json config_to_json(const ProxyConfig& config) {
  json out = policy_to_json(config.policy);
  out["listen"] = config.listen;
  out["api"] = {{"listen", config.api_listen}};
  out["ca"] = {{"cert", config.ca_cert}, {"key", config.ca_key}};
  out["upstream_ca_files"] = config.upstream_ca_files;
  out["cache"] = {{"dir", config.cache_dir}, {"max_size", config.cache_max_size}};
  out["log"] = {{"file", config.log_file}};
  out["limits"] = limits_to_json(config.limits);
  return out;
}

Expected<PolicyConfig, ConfigError> replace_policy(const nlohmann::json& body, const PolicyConfig& current) {
  try {
    return read_policy_json(body, control_api_secrets(current));
  } catch (const std::exception& e) {
    return internal_error(e);
  }
}

Expected<PolicyConfig, ConfigError> patch_policy(const PolicyConfig& current, const nlohmann::json& patch) {
  try {
    if (deeper_than(patch, kMaxConfigDepth)) {
      return ConfigError{"nested more than " + std::to_string(kMaxConfigDepth) + " levels deep"};
    }
    json merged = policy_to_json(current);
    merged.merge_patch(patch);
    return read_policy_json(merged, control_api_secrets(current));
  } catch (const std::exception& e) {
    return internal_error(e);
  }
}

}  // namespace octobot::proxy
