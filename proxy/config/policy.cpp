#include "proxy/config/policy.hpp"

#include "proxy/config/config_values.hpp"

namespace octobot::proxy {

Policy::Policy(PolicyConfig config) : config_(std::move(config)) {
  auto allow = [this](const std::string& pattern) {
    if (auto ip = canonical_ip_literal(pattern)) {
      allowed_ips_.insert(*ip);
    } else {
      allowlist_.add(pattern);
    }
  };
  for (const std::string& pattern : config_.allow_hosts) allow(pattern);
  for (const HostRule& rule : config_.rules) {
    allow(rule.host);
    rules_by_host_.emplace(rule.host, &rule);
  }
}

bool Policy::host_allowed(std::string_view host) const { return !matching_pattern(host).empty(); }

std::string Policy::matching_pattern(std::string_view host) const {
  if (auto ip = canonical_ip_literal(host)) return allowed_ips_.contains(*ip) ? *ip : "";
  return allowlist_.matching_pattern(host);
}

const HostRule* Policy::rule_for(std::string_view host) const {
  auto found = rules_by_host_.find(host);
  return found == rules_by_host_.end() ? nullptr : found->second;
}

bool Policy::address_allowed(const boost::asio::ip::address& address, std::string* reason) const {
  return destination_allowed(address, config_.allow_cidrs, config_.deny_cidrs, reason);
}

}  // namespace octobot::proxy
