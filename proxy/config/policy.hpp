// The compiled, immutable access policy one request is decided against.
//
// A Policy is built from a PolicyConfig and never changes; the proxy swaps a
// std::shared_ptr<const Policy> atomically on reload, so a request in flight
// keeps the policy it started with and new requests see the new one at once.
#pragma once
#include "proxy/config/proxy_config.hpp"
#include "proxy/rules/host_pattern.hpp"

#include <boost/asio/ip/address.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace octobot::proxy {

class Policy {
 public:
  explicit Policy(PolicyConfig config);

  // The allowlist decision for a canonical host name or an IP literal (an IP
  // literal is allowed by the host list only when listed exactly; its address
  // is still checked by destination_allowed()).
  bool host_allowed(std::string_view host) const;
  // The allow pattern that matched ("*.github.com"), or "" when none did.
  std::string matching_pattern(std::string_view host) const;
  // The rule for exactly this canonical host, or nullptr.
  const HostRule* rule_for(std::string_view host) const;
  // SSRF decision for one resolved address (see destination_allowed()).
  bool address_allowed(const boost::asio::ip::address& address, std::string* reason) const;

  const PolicyConfig& config() const { return config_; }

 private:
  PolicyConfig config_;
  HostAllowlist allowlist_;
  std::map<std::string, const HostRule*, std::less<>> rules_by_host_;
};

using PolicyPtr = std::shared_ptr<const Policy>;

}  // namespace octobot::proxy
