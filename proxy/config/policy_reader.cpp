#include "proxy/config/policy_reader.hpp"

#include "proxy/config/config_values.hpp"
#include "proxy/config/rules_reader.hpp"
#include "proxy/rules/host_pattern.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>
#include <set>

namespace octobot::proxy {
namespace {

// An allow.hosts entry in canonical form: "name", "*.domain" or an IP literal.
Expected<std::string, ConfigError> read_host_pattern(const Field& field) {
  auto text = read_string(field);
  if (!text) return text.error();
  if (auto ip = canonical_ip_literal(*text)) return *ip;
  const bool glob = text->starts_with("*.");
  auto name = canonical_host(glob ? std::string_view(*text).substr(2) : std::string_view(*text));
  if (!name) {
    return field.error("not a host name or \"*.domain\" pattern: " + quote_value(*text) +
                       " (names are ASCII letters, digits and '-'; use punycode for others)");
  }
  if (glob && canonical_ip_literal(*name)) return field.error("a \"*.\" pattern needs a domain, not an address");
  return glob ? "*." + *name : *name;
}

std::optional<ConfigError> read_host_patterns(const Field& field, std::vector<std::string>& out) {
  auto elements = read_list(field);
  if (!elements) return elements.error();
  std::set<std::string, std::less<>> seen(out.begin(), out.end());
  for (const Field& element : *elements) {
    auto pattern = read_host_pattern(element);
    if (!pattern) return pattern.error();
    if (seen.insert(*pattern).second) out.push_back(std::move(*pattern));
  }
  return std::nullopt;
}

// Why Cidr::parse refused `text`.
std::string cidr_problem(std::string_view text) {
  const auto slash = text.find('/');
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(text.substr(0, slash)), ec);
  if (ec) return "not an IP address or CIDR range (like 10.0.0.0/8): " + quote_value(text);
  const std::string_view digits = text.substr(slash + 1);
  unsigned prefix = 0;
  auto [end, parse_ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
  const unsigned max_prefix = address.is_v4() ? 32 : 128;
  if (digits.empty() || parse_ec != std::errc() || end != digits.data() + digits.size() || prefix > max_prefix) {
    return "the prefix length must be 0-" + std::to_string(max_prefix) + " in " + quote_value(text);
  }
  return "host bits set beyond the prefix in " + std::string(text);
}

std::optional<ConfigError> read_cidrs(const Field& field, std::vector<Cidr>& out) {
  auto elements = read_list(field);
  if (!elements) return elements.error();
  for (const Field& element : *elements) {
    auto text = read_string(element);
    if (!text) return text.error();
    auto cidr = Cidr::parse(*text);
    if (!cidr) return element.error(cidr_problem(*text));
    out.push_back(*cidr);
  }
  return std::nullopt;
}

std::optional<ConfigError> read_allow(const Field& allow, PolicyConfig& policy) {
  if (auto error = check_mapping(allow, {"hosts", "cidrs"})) return error;
  if (auto hosts = find_member(allow, "hosts")) {
    if (auto error = read_host_patterns(*hosts, policy.allow_hosts)) return error;
  }
  if (auto cidrs = find_member(allow, "cidrs")) return read_cidrs(*cidrs, policy.allow_cidrs);
  return std::nullopt;
}

std::optional<ConfigError> read_deny(const Field& deny, PolicyConfig& policy) {
  if (auto error = check_mapping(deny, {"cidrs"})) return error;
  if (auto cidrs = find_member(deny, "cidrs")) return read_cidrs(*cidrs, policy.deny_cidrs);
  return std::nullopt;
}

}  // namespace

Expected<PolicyConfig, ConfigError> read_policy(const Field& root, const SecretSources& secrets) {
  PolicyConfig policy;
  if (auto allow = find_member(root, "allow")) {
    if (auto error = read_allow(*allow, policy)) return *error;
  }
  if (auto deny = find_member(root, "deny")) {
    if (auto error = read_deny(*deny, policy)) return *error;
  }
  if (auto rules_field = find_member(root, "rules")) {
    auto rules = read_rules(*rules_field, secrets);
    if (!rules) return rules.error();
    policy.rules = std::move(*rules);
  }
  return policy;
}

}  // namespace octobot::proxy
