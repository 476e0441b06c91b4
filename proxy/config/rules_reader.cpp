#include "proxy/config/rules_reader.hpp"

#include "proxy/config/config_values.hpp"
#include "proxy/config/credential_reader.hpp"
#include "proxy/rules/host_pattern.hpp"

#include <map>
#include <set>

namespace octobot::proxy {
namespace {

// The header names one rule already uses, to refuse duplicates and conflicts.
struct RuleHeaders {
  std::set<std::string, std::less<>> set;
  std::set<std::string, std::less<>> removed;
  std::set<std::string, std::less<>> credentials;  // header + "\n" + placeholder
};

Expected<std::string, ConfigError> read_rule_host(const Field& rule_field) {
  auto host_field = find_member(rule_field, "host");
  if (!host_field) return rule_field.missing("host", "required: the exact host name this rule applies to");
  auto text = read_string(*host_field);
  if (!text) return text.error();
  if (text->starts_with('*')) {
    return host_field->error("a rule applies to one exact host, not a pattern: " + quote_value(*text));
  }
  auto host = canonical_ip_literal(*text);
  if (!host) host = canonical_host(*text);
  if (!host) return host_field->error("not a host name or IP address: " + quote_value(*text));
  return *host;
}

std::optional<ConfigError> read_set_headers(const Field& field, HostRule& rule, RuleHeaders& used) {
  const ConfigNode& node = field.node();
  if (node.kind == ConfigNode::Kind::null) return std::nullopt;
  if (node.kind != ConfigNode::Kind::map) {
    return field.error("expected a mapping of header names to values, got " + describe_kind(node));
  }
  for (const ConfigNode::Entry& entry : node.entries) {
    if (auto problem = header_name_problem(entry.key)) return field.key_error(entry, *problem);
    std::string name = to_lower_ascii(entry.key);
    if (!used.set.insert(name).second) return field.key_error(entry, "set twice (header names ignore case)");
    const Field value_field = field.member(entry);
    auto value = read_string(value_field);
    if (!value) return value.error();
    if (!is_safe_header_value(*value)) {
      return value_field.error("a header value may not contain CR, LF, NUL or other control characters");
    }
    rule.set_headers.emplace_back(std::move(name), std::move(*value));
  }
  return std::nullopt;
}

std::optional<ConfigError> read_remove_headers(const Field& field, HostRule& rule, RuleHeaders& used) {
  auto elements = read_list(field);
  if (!elements) return elements.error();
  for (const Field& element : *elements) {
    auto name = read_string(element);
    if (!name) return name.error();
    if (auto problem = header_name_problem(*name)) return element.error(*problem);
    std::string lower = to_lower_ascii(*name);
    if (used.set.contains(lower)) return element.error(lower + " is also in set_headers");
    if (used.removed.insert(lower).second) rule.remove_headers.push_back(std::move(lower));
  }
  return std::nullopt;
}

std::optional<ConfigError> check_credential_headers(const Field& field, const CredentialRule& credential,
                                                    RuleHeaders& used) {
  if (!used.credentials.insert(credential.header + "\n" + credential.placeholder).second) {
    return field.error("this rule already has a credential for " + credential.header + " with placeholder " +
                       credential.placeholder);
  }
  if (used.set.contains(credential.header) || used.removed.contains(credential.header)) {
    return find_member(field, "header")
        ->error(credential.header + " is also in this rule's set_headers or remove_headers");
  }
  return std::nullopt;
}

// Reads `rules`, remembering hosts and placeholders to check them across rules.
class RulesReader {
 public:
  explicit RulesReader(const SecretSources& secrets) : secrets_(secrets), current_(secrets.current) {}

  Expected<std::vector<HostRule>, ConfigError> read(const Field& rules) {
    auto elements = read_list(rules);
    if (!elements) return elements.error();
    std::vector<HostRule> out;
    for (const Field& element : *elements) {
      auto rule = read_rule(element);
      if (!rule) return rule.error();
      out.push_back(std::move(*rule));
    }
    return out;
  }

 private:
  struct PlaceholderUse {
    std::string secret;
    std::string path;  // "rules[0].credentials[1]"
  };

  Expected<HostRule, ConfigError> read_rule(const Field& field) {
    if (field.node().kind != ConfigNode::Kind::map) {
      return field.error("expected a mapping with host and header rules, got " + describe_kind(field.node()));
    }
    if (auto error = check_mapping(field, {"host", "set_headers", "remove_headers", "credentials"})) return *error;
    HostRule rule;
    RuleHeaders used;
    if (auto error = read_unique_host(field, rule)) return *error;
    if (auto set = find_member(field, "set_headers")) {
      if (auto error = read_set_headers(*set, rule, used)) return *error;
    }
    if (auto remove = find_member(field, "remove_headers")) {
      if (auto error = read_remove_headers(*remove, rule, used)) return *error;
    }
    if (auto credentials = find_member(field, "credentials")) {
      if (auto error = read_credentials(*credentials, rule, used)) return *error;
    }
    return rule;
  }

  std::optional<ConfigError> read_unique_host(const Field& field, HostRule& rule) {
    auto host = read_rule_host(field);
    if (!host) return host.error();
    auto [earlier, inserted] = rule_paths_by_host_.emplace(*host, field.path());
    if (!inserted) return find_member(field, "host")->error(*host + " already has a rule (" + earlier->second + ")");
    rule.host = std::move(*host);
    return std::nullopt;
  }

  std::optional<ConfigError> read_credentials(const Field& field, HostRule& rule, RuleHeaders& used) {
    auto elements = read_list(field);
    if (!elements) return elements.error();
    for (const Field& element : *elements) {
      auto credential = read_credential(element, rule.host, secrets_, current_);
      if (!credential) return credential.error();
      if (auto error = check_credential_headers(element, *credential, used)) return error;
      if (auto error = check_placeholder_secret(element, *credential)) return error;
      rule.credentials.push_back(std::move(*credential));
    }
    return std::nullopt;
  }

  // One placeholder stands for one secret; compared only where both secrets are known.
  std::optional<ConfigError> check_placeholder_secret(const Field& field, const CredentialRule& credential) {
    if (credential.value.empty()) return std::nullopt;
    auto [earlier, inserted] =
        placeholder_uses_.emplace(credential.placeholder, PlaceholderUse{credential.value, field.path()});
    if (inserted || earlier->second.secret == credential.value) return std::nullopt;
    return find_member(field, "placeholder")
        ->error(credential.placeholder + " is also used by " + earlier->second.path +
                " with a different secret; one placeholder stands for one secret");
  }

  const SecretSources& secrets_;
  const CurrentCredentials current_;
  std::map<std::string, std::string, std::less<>> rule_paths_by_host_;  // host → "rules[0]"
  std::map<std::string, PlaceholderUse, std::less<>> placeholder_uses_;
};

}  // namespace

Expected<std::vector<HostRule>, ConfigError> read_rules(const Field& rules, const SecretSources& secrets) {
  return RulesReader(secrets).read(rules);
}

}  // namespace octobot::proxy
