#include "agent/child_environment.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

extern char** environ;

namespace octobot::agent {
namespace {

constexpr std::string_view kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

constexpr std::string_view kManagedNames[] = {"HTTP_PROXY",          "HTTPS_PROXY",   "ALL_PROXY",         "NO_PROXY",
                                              "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"};

std::string_view name_of(std::string_view entry) { return entry.substr(0, entry.find('=')); }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}

bool is_managed(std::string_view name) {
  return std::any_of(std::begin(kManagedNames), std::end(kManagedNames),
                     [&](std::string_view managed) { return equals_ignoring_case(name, managed); });
}

void set(std::vector<std::string>& env, std::string_view name, std::string_view value) {
  std::erase_if(env, [&](const std::string& entry) { return name_of(entry) == name; });
  env.push_back(std::string(name) + "=" + std::string(value));
}

}  // namespace

std::vector<std::string> child_environment(const std::vector<std::string>& base, ChildRole role,
                                           const ProxySettings& settings, const std::optional<Identity>& identity) {
  std::vector<std::string> env;
  for (const auto& entry : base) {
    if (entry.find('=') == std::string::npos || is_managed(name_of(entry))) continue;
    env.push_back(entry);
  }
  if (std::none_of(env.begin(), env.end(), [](const std::string& e) { return name_of(e) == "PATH"; })) {
    env.push_back("PATH=" + std::string(kDefaultPath));
  }
  if (identity) {
    set(env, "HOME", identity->home);
    set(env, "USER", identity->name);
    set(env, "LOGNAME", identity->name);
  }
  if (role == ChildRole::agent_api) {
    for (const std::string_view name :
         {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"}) {
      set(env, name, settings.proxy_url);
    }
    set(env, "NO_PROXY", settings.no_proxy);
    set(env, "no_proxy", settings.no_proxy);
    set(env, "NODE_EXTRA_CA_CERTS", settings.ca_cert);
    set(env, "SSL_CERT_FILE", settings.ca_bundle);
    set(env, "REQUESTS_CA_BUNDLE", settings.ca_bundle);
  }
  return env;
}

std::vector<std::string> current_environment() {
  std::vector<std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) env.emplace_back(*entry);
  return env;
}

}  // namespace octobot::agent
