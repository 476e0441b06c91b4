#include "proxy/net/address_class.hpp"

#include <array>
#include <charconv>

namespace octobot::proxy {

namespace ip = boost::asio::ip;

namespace {

struct Range {
  const char* network;
  unsigned prefix;
  AddressClass address_class;
};

// IANA special-purpose registries (IPv4 and IPv6) plus RFC 6598 (CGNAT), 6052 (NAT64),
// 3056 (6to4), 4380 (Teredo) and 4291 (mapped/compatible).
const std::vector<std::pair<Cidr, AddressClass>>& special_ranges() {
  static const std::array<Range, 27> table{{
      {"0.0.0.0", 8, AddressClass::unspecified},
      {"10.0.0.0", 8, AddressClass::private_use},
      {"100.64.0.0", 10, AddressClass::shared_cgnat},
      {"127.0.0.0", 8, AddressClass::loopback},
      {"169.254.0.0", 16, AddressClass::link_local},
      {"172.16.0.0", 12, AddressClass::private_use},
      {"192.0.0.0", 24, AddressClass::reserved},
      {"192.0.2.0", 24, AddressClass::reserved},
      {"192.88.99.0", 24, AddressClass::reserved},
      {"192.168.0.0", 16, AddressClass::private_use},
      {"198.18.0.0", 15, AddressClass::reserved},
      {"198.51.100.0", 24, AddressClass::reserved},
      {"203.0.113.0", 24, AddressClass::reserved},
      {"224.0.0.0", 4, AddressClass::multicast},
      {"240.0.0.0", 4, AddressClass::reserved},  // includes 255.255.255.255
      {"::", 128, AddressClass::unspecified},
      {"::1", 128, AddressClass::loopback},
      {"::ffff:0:0", 96, AddressClass::ipv4_embedded},
      {"::", 96, AddressClass::ipv4_embedded},
      {"64:ff9b::", 96, AddressClass::ipv4_embedded},
      {"64:ff9b:1::", 48, AddressClass::ipv4_embedded},
      {"100::", 64, AddressClass::reserved},
      {"2001::", 32, AddressClass::ipv4_embedded},
      {"2001:db8::", 32, AddressClass::reserved},
      {"2002::", 16, AddressClass::ipv4_embedded},
      {"fc00::", 7, AddressClass::private_use},
      {"fe80::", 10, AddressClass::link_local},
  }};
  static const auto ranges = [] {
    std::vector<std::pair<Cidr, AddressClass>> parsed;
    for (const Range& range : table) {
      parsed.emplace_back(*Cidr::parse(std::string(range.network) + "/" + std::to_string(range.prefix)),
                          range.address_class);
    }
    return parsed;
  }();
  return ranges;
}

// `bytes` with every bit after the first `prefix` cleared.
template <std::size_t N>
std::array<unsigned char, N> masked(std::array<unsigned char, N> bytes, unsigned prefix) {
  for (std::size_t i = 0; i < N; ++i) {
    unsigned bits = prefix >= 8 ? 8 : prefix;
    bytes[i] &= static_cast<unsigned char>(0xff << (8 - bits));
    prefix -= bits;
  }
  return bytes;
}

}  // namespace

AddressClass classify(const ip::address& address) {
  // The unspecified and loopback /128s must win over ::/96, so check exact matches first.
  if (address.is_v6() && (address.to_v6().is_unspecified() || address.to_v6().is_loopback())) {
    return address.to_v6().is_loopback() ? AddressClass::loopback : AddressClass::unspecified;
  }
  for (const auto& [cidr, address_class] : special_ranges()) {
    if (cidr.contains(address)) return address_class;
  }
  if (address.is_v6() && address.to_v6().is_multicast()) return AddressClass::multicast;
  return AddressClass::public_unicast;
}

std::string_view to_string(AddressClass address_class) {
  switch (address_class) {
    case AddressClass::public_unicast: return "public";
    case AddressClass::unspecified: return "unspecified";
    case AddressClass::loopback: return "loopback";
    case AddressClass::private_use: return "private";
    case AddressClass::shared_cgnat: return "shared (CGNAT)";
    case AddressClass::link_local: return "link-local";
    case AddressClass::multicast: return "multicast";
    case AddressClass::reserved: return "reserved";
    case AddressClass::ipv4_embedded: return "IPv6 with an embedded IPv4 address";
  }
  return "unknown";
}

std::optional<Cidr> Cidr::parse(std::string_view text) {
  auto slash = text.find('/');
  std::string address_text(text.substr(0, slash));
  boost::system::error_code ec;
  auto network = ip::make_address(address_text, ec);
  if (ec) return std::nullopt;
  unsigned max_prefix = network.is_v4() ? 32 : 128;
  unsigned prefix = max_prefix;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    auto [end, parse_ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || parse_ec != std::errc() || end != digits.data() + digits.size() || prefix > max_prefix) {
      return std::nullopt;
    }
  }
  // Host bits must be zero: "10.0.0.1/8" is more likely a mistake than a network.
  bool host_bits_clear = network.is_v4() ? masked(network.to_v4().to_bytes(), prefix) == network.to_v4().to_bytes()
                                         : masked(network.to_v6().to_bytes(), prefix) == network.to_v6().to_bytes();
  if (!host_bits_clear) return std::nullopt;
  return Cidr(network, prefix);
}

bool Cidr::contains(const ip::address& address) const {
  if (address.is_v4() != network_.is_v4()) return false;
  // The network's host bits are zero (see parse), so masking the address is enough.
  if (address.is_v4()) return masked(address.to_v4().to_bytes(), prefix_) == network_.to_v4().to_bytes();
  return masked(address.to_v6().to_bytes(), prefix_) == network_.to_v6().to_bytes();
}

std::string Cidr::to_string() const { return network_.to_string() + "/" + std::to_string(prefix_); }

bool destination_allowed(const ip::address& address, const std::vector<Cidr>& allow, const std::vector<Cidr>& deny,
                         std::string* reason) {
  for (const Cidr& cidr : deny) {
    if (cidr.contains(address)) {
      if (reason) *reason = address.to_string() + " is in the denied range " + cidr.to_string();
      return false;
    }
  }
  AddressClass address_class = classify(address);
  if (address_class == AddressClass::public_unicast) return true;
  for (const Cidr& cidr : allow) {
    if (cidr.contains(address)) return true;
  }
  if (reason) {
    *reason = address.to_string() + " is a " + std::string(to_string(address_class)) +
              " address, which is denied unless allow.cidrs covers it";
  }
  return false;
}

}  // namespace octobot::proxy
