// Classification of destination addresses for SSRF defence (DESIGN.md §7).
//
// Every address the proxy may dial is classified once, after resolution; only
// `public_unicast` is dialable by default. The other classes are denied unless
// an operator's allow CIDR covers the address (deny CIDRs always win). IPv6
// forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo)
// are their own class, so "::ffff:127.0.0.1" cannot sneak past an IPv4 rule.
#pragma once
#include <boost/asio/ip/address.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace octobot::proxy {

enum class AddressClass {
  public_unicast,
  unspecified,    // 0.0.0.0/8, ::
  loopback,       // 127.0.0.0/8, ::1
  private_use,    // 10/8, 172.16/12, 192.168/16, fc00::/7
  shared_cgnat,   // 100.64.0.0/10
  link_local,     // 169.254/16, fe80::/10
  multicast,      // 224/4, ff00::/8
  reserved,       // documentation, benchmarking, 240/4, broadcast, 192.0.0/24, 100::/64, 2001:db8::/32
  ipv4_embedded,  // ::ffff:0:0/96, ::/96, 64:ff9b::/96, 64:ff9b:1::/48, 2002::/16, 2001::/32
};

AddressClass classify(const boost::asio::ip::address& address);
std::string_view to_string(AddressClass address_class);

// An IPv4 or IPv6 network, e.g. "10.0.0.0/8" or "fd00::/8"; a bare address is a /32 or /128.
class Cidr {
 public:
  // nullopt for malformed text or host bits set beyond the prefix ("10.0.0.1/8").
  static std::optional<Cidr> parse(std::string_view text);
  bool contains(const boost::asio::ip::address& address) const;
  std::string to_string() const;

 private:
  Cidr(boost::asio::ip::address network, unsigned prefix) : network_(network), prefix_(prefix) {}
  boost::asio::ip::address network_;
  unsigned prefix_;
};

// The dial decision for one resolved address: public unicast or covered by
// `allow`, and never covered by `deny`. `reason` says why a denial happened.
bool destination_allowed(const boost::asio::ip::address& address, const std::vector<Cidr>& allow,
                         const std::vector<Cidr>& deny, std::string* reason = nullptr);

}  // namespace octobot::proxy
