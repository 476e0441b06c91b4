// The compiled, immutable access policy one request is decided against.
//
// A Policy is built from a PolicyConfig and never changes; the proxy swaps a
// std::shared_ptr<const Policy> atomically on reload, so a request in flight
// keeps the policy it started with and new requests see the new one at once.
//
// A host is allowed when allow.hosts matches it (exact names, "*.domain"
// globs for names below the domain, IP literals listed exactly) or when a
// rule exists for it: a rule for a host that cannot be reached makes no sense,
// so a rule's host is implicitly an exact allow entry. Address checks after
// resolution are separate (address_allowed()): allowing a host never lets it
// reach a loopback or private address that allow.cidrs does not cover.
#pragma once
#include "proxy/config/proxy_config.hpp"
#include "proxy/rules/host_pattern.hpp"

#include <boost/asio/ip/address.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

namespace octobot::proxy {

class Policy {
 public:
  // `config` should come from the loader or the control API (validated);
  // malformed host patterns in it are ignored.
  explicit Policy(PolicyConfig config);
  // Not copyable: rules_by_host_ points into config_.
  Policy(const Policy&) = delete;
  Policy& operator=(const Policy&) = delete;

  // The allowlist decision for a host name (any case, trailing dot allowed)
  // or an IP literal ("10.0.0.1", "::1" or "[::1]"; allowed by the host list
  // only when listed exactly; its address is still checked by
  // address_allowed()).
  bool host_allowed(std::string_view host) const;
  // The allow pattern that matched ("*.github.com", "api.example.com" for an
  // exact entry or a rule's host, "::1" for an IP literal), or "" when none did.
  std::string matching_pattern(std::string_view host) const;
  // The rule for exactly this canonical host (IP literals as canonical text
  // without brackets), or nullptr.
  const HostRule* rule_for(std::string_view host) const;
  // SSRF decision for one resolved address (see destination_allowed()).
  bool address_allowed(const boost::asio::ip::address& address, std::string* reason) const;

  const PolicyConfig& config() const { return config_; }

 private:
  PolicyConfig config_;
  HostAllowlist allowlist_;
  std::set<std::string, std::less<>> allowed_ips_;  // canonical IP literals
  std::map<std::string, const HostRule*, std::less<>> rules_by_host_;
};

using PolicyPtr = std::shared_ptr<const Policy>;

}  // namespace octobot::proxy
