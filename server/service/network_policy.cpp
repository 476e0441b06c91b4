#include "server/service/network_policy.hpp"

#include "lib/crypto/encoding.hpp"
#include "server/service/credentials.hpp"

#include <algorithm>
#include <set>

namespace octobot::service {
namespace {

constexpr std::size_t kMaxEntries = 256;

// Headers that carry a provider's key: the proxy swaps the placeholder there.
std::vector<std::string> auth_headers(std::string_view provider) {
  if (provider == "anthropic") return {"x-api-key", "authorization"};
  if (provider == "google") return {"x-goog-api-key", "authorization"};
  return {"authorization"};
}

// What the proxy puts in place of the placeholder. A forge token travels as git sends it over
// HTTPS: Basic with the user name each forge documents for tokens.
std::string injected_value(std::string_view provider, const std::string& secret) {
  if (provider == "github") return "Basic " + crypto::base64_encode("x-access-token:" + secret);
  if (provider == "gitlab") return "Basic " + crypto::base64_encode("oauth2:" + secret);
  if (provider == "gitea") return "Basic " + crypto::base64_encode("octobot:" + secret);
  return secret;
}

bool valid_cidr(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size() || text.size() > 64) return false;
  auto prefix = text.substr(slash + 1);
  if (!std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  auto address = text.substr(0, slash);
  return std::all_of(address.begin(), address.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':';
  });
}

Result<std::vector<std::string>> read_list(const Json& body, const char* field, bool hosts) {
  std::vector<std::string> values;
  if (!body.contains(field)) return values;
  const Json& list = body[field];
  if (!list.is_array()) return Error::invalid(std::string("field \"") + field + "\" must be an array of strings", "invalid_field");
  if (list.size() > kMaxEntries) {
    return Error::invalid(std::string("field \"") + field + "\" has more than 256 entries", "invalid_field");
  }
  for (const Json& item : list) {
    if (!item.is_string()) return Error::invalid(std::string("field \"") + field + "\" must be an array of strings", "invalid_field");
    std::string value = item.get<std::string>();
    if (hosts) std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
    if (hosts ? !valid_host_pattern(value) : !valid_cidr(value)) {
      return Error::invalid(std::string("field \"") + field + "\" has an invalid entry: \"" + value + "\"" +
                                (hosts ? " (a host name or *.domain)" : " (an address/prefix like 10.0.0.0/8)"),
                            "invalid_field");
    }
    if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(std::move(value));
  }
  return values;
}

}  // namespace

NetworkPolicy default_network_policy() {
  return {{"api.anthropic.com", "api.openai.com", "chatgpt.com", "generativelanguage.googleapis.com",
           "registry.npmjs.org", "deb.debian.org", "security.debian.org", "pypi.org", "files.pythonhosted.org",
           "github.com", "*.github.com", "*.githubusercontent.com"},
          {}};
}

NetworkPolicy project_network_policy(const std::string& stored_json) {
  if (stored_json.empty()) return default_network_policy();
  auto policy = read_network_policy(Json::parse(stored_json, nullptr, false));
  return policy ? std::move(policy).value() : default_network_policy();
}

Result<NetworkPolicy> read_network_policy(const Json& body) {
  if (!body.is_object()) return Error::invalid("field \"networkPolicy\" must be an object with allowHosts and allowCidrs", "invalid_field");
  for (const auto& [key, value] : body.items()) {
    if (key != "allowHosts" && key != "allowCidrs") {
      return Error::invalid("field \"networkPolicy." + key + "\" is not known (allowHosts, allowCidrs)", "invalid_field");
    }
  }
  auto hosts = read_list(body, "allowHosts", true);
  if (!hosts) return hosts.error();
  auto cidrs = read_list(body, "allowCidrs", false);
  if (!cidrs) return cidrs.error();
  return NetworkPolicy{std::move(hosts).value(), std::move(cidrs).value()};
}

void add_network_policy(NetworkPolicy& policy, const Json& addition) {
  auto extra = read_network_policy(addition);
  if (!extra) return;
  for (auto& host : extra->allow_hosts) {
    if (std::find(policy.allow_hosts.begin(), policy.allow_hosts.end(), host) == policy.allow_hosts.end()) {
      policy.allow_hosts.push_back(std::move(host));
    }
  }
  for (auto& cidr : extra->allow_cidrs) {
    if (std::find(policy.allow_cidrs.begin(), policy.allow_cidrs.end(), cidr) == policy.allow_cidrs.end()) {
      policy.allow_cidrs.push_back(std::move(cidr));
    }
  }
}

Json network_policy_json(const NetworkPolicy& policy) {
  return {{"allowHosts", policy.allow_hosts}, {"allowCidrs", policy.allow_cidrs}};
}

std::string credential_placeholder(const store::Credential& credential) {
  std::string name = "OCTOBOT_PLACEHOLDER_";
  for (char c : credential.provider) name += std::isalnum(static_cast<unsigned char>(c)) ? std::toupper(c) : '_';
  name += '_';
  for (char c : credential.id) {
    if (name.size() >= 20 + credential.provider.size() + 1 + 8) break;
    if (c != '-') name += std::toupper(static_cast<unsigned char>(c));
  }
  return name;
}

Json proxy_policy(const NetworkPolicy& policy, const std::vector<std::string>& extra_hosts,
                  const std::vector<RevealedCredential>& credentials) {
  std::set<std::string> hosts(policy.allow_hosts.begin(), policy.allow_hosts.end());
  hosts.insert(extra_hosts.begin(), extra_hosts.end());
  std::map<std::string, Json> rules;  // exact host → its credentials
  for (const RevealedCredential& revealed : credentials) {
    for (const std::string host : Json::parse(revealed.credential.hosts_json, nullptr, false)) {
      hosts.insert(host);
      if (host.starts_with("*.")) continue;  // the proxy injects into exact hosts only
      for (const std::string& header : auth_headers(revealed.credential.provider)) {
        rules[host].push_back({{"header", header},
                               {"placeholder", credential_placeholder(revealed.credential)},
                               {"value", injected_value(revealed.credential.provider, revealed.secret)}});
      }
    }
  }
  Json rule_list = Json::array();
  for (auto& [host, host_credentials] : rules) rule_list.push_back({{"host", host}, {"credentials", host_credentials}});
  return {{"allow", {{"hosts", Json(hosts)}, {"cidrs", policy.allow_cidrs}}},
          {"deny", {{"cidrs", Json::array({"169.254.169.254/32"})}}},
          {"rules", std::move(rule_list)}};
}

}  // namespace octobot::service
