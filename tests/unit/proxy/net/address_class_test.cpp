#include "proxy/net/address_class.hpp"

#include <catch2/catch.hpp>

using namespace octobot::proxy;
using boost::asio::ip::make_address;

namespace {
AddressClass of(const char* text) { return classify(make_address(text)); }
std::vector<Cidr> cidrs(std::initializer_list<const char*> texts) {
  std::vector<Cidr> out;
  for (const char* text : texts) out.push_back(*Cidr::parse(text));
  return out;
}
}  // namespace

TEST_CASE("IPv4 special ranges are classified at their edges", "[proxy][address]") {
  CHECK(of("0.0.0.0") == AddressClass::unspecified);
  CHECK(of("0.255.255.255") == AddressClass::unspecified);
  CHECK(of("1.0.0.0") == AddressClass::public_unicast);
  CHECK(of("9.255.255.255") == AddressClass::public_unicast);
  CHECK(of("10.0.0.0") == AddressClass::private_use);
  CHECK(of("10.255.255.255") == AddressClass::private_use);
  CHECK(of("11.0.0.0") == AddressClass::public_unicast);
  CHECK(of("100.63.255.255") == AddressClass::public_unicast);
  CHECK(of("100.64.0.0") == AddressClass::shared_cgnat);
  CHECK(of("100.127.255.255") == AddressClass::shared_cgnat);
  CHECK(of("100.128.0.0") == AddressClass::public_unicast);
  CHECK(of("127.0.0.1") == AddressClass::loopback);
  CHECK(of("127.255.255.254") == AddressClass::loopback);
  CHECK(of("169.254.169.254") == AddressClass::link_local);  // cloud metadata
  CHECK(of("172.15.255.255") == AddressClass::public_unicast);
  CHECK(of("172.16.0.0") == AddressClass::private_use);
  CHECK(of("172.31.255.255") == AddressClass::private_use);
  CHECK(of("172.32.0.0") == AddressClass::public_unicast);
  CHECK(of("192.168.1.1") == AddressClass::private_use);
  CHECK(of("192.0.2.1") == AddressClass::reserved);
  CHECK(of("198.18.0.1") == AddressClass::reserved);
  CHECK(of("224.0.0.1") == AddressClass::multicast);
  CHECK(of("239.255.255.255") == AddressClass::multicast);
  CHECK(of("240.0.0.1") == AddressClass::reserved);
  CHECK(of("255.255.255.255") == AddressClass::reserved);
  CHECK(of("8.8.8.8") == AddressClass::public_unicast);
}

TEST_CASE("IPv6 special ranges, including forms that embed IPv4", "[proxy][address]") {
  CHECK(of("::") == AddressClass::unspecified);
  CHECK(of("::1") == AddressClass::loopback);
  CHECK(of("::ffff:127.0.0.1") == AddressClass::ipv4_embedded);
  CHECK(of("::ffff:8.8.8.8") == AddressClass::ipv4_embedded);
  CHECK(of("::127.0.0.1") == AddressClass::ipv4_embedded);  // IPv4-compatible
  CHECK(of("64:ff9b::7f00:1") == AddressClass::ipv4_embedded);  // NAT64 of 127.0.0.1
  CHECK(of("64:ff9b:1::a00:1") == AddressClass::ipv4_embedded);
  CHECK(of("2002:7f00:1::1") == AddressClass::ipv4_embedded);  // 6to4 of 127.0.0.1
  CHECK(of("2001:0:4136:e378:8000:63bf:3fff:fdd2") == AddressClass::ipv4_embedded);  // Teredo
  CHECK(of("2001:db8::1") == AddressClass::reserved);
  CHECK(of("100::1") == AddressClass::reserved);
  CHECK(of("fc00::1") == AddressClass::private_use);
  CHECK(of("fdff:ffff::1") == AddressClass::private_use);
  CHECK(of("fe80::1") == AddressClass::link_local);
  CHECK(of("febf:ffff::1") == AddressClass::link_local);
  CHECK(of("fec0::1") == AddressClass::public_unicast);  // deprecated site-local: not special any more
  CHECK(of("ff02::1") == AddressClass::multicast);
  CHECK(of("2606:4700::1111") == AddressClass::public_unicast);
  CHECK(of("2001:4860::8888") == AddressClass::public_unicast);  // 2001::/32 is Teredo, 2001:4860 is not
}

TEST_CASE("CIDR parsing rejects malformed networks", "[proxy][address]") {
  CHECK(Cidr::parse("10.0.0.0/8"));
  CHECK(Cidr::parse("fd00::/8"));
  CHECK(Cidr::parse("127.0.0.1")->to_string() == "127.0.0.1/32");
  CHECK(Cidr::parse("0.0.0.0/0"));
  CHECK_FALSE(Cidr::parse("10.0.0.1/8"));  // host bits set
  CHECK_FALSE(Cidr::parse("10.0.0.0/33"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/"));
  CHECK_FALSE(Cidr::parse("10.0.0.0/8x"));
  CHECK_FALSE(Cidr::parse("example.com/8"));
  CHECK_FALSE(Cidr::parse(""));
  CHECK(Cidr::parse("10.0.0.0/8")->contains(make_address("10.1.2.3")));
  CHECK_FALSE(Cidr::parse("10.0.0.0/8")->contains(make_address("11.0.0.0")));
  CHECK_FALSE(Cidr::parse("10.0.0.0/8")->contains(make_address("::ffff:10.0.0.1")));  // families never mix
  CHECK(Cidr::parse("0.0.0.0/0")->contains(make_address("1.2.3.4")));
}

TEST_CASE("the dial decision: public by default, allow widens, deny always wins", "[proxy][address]") {
  std::string reason;
  CHECK(destination_allowed(make_address("93.184.216.34"), {}, {}));
  CHECK_FALSE(destination_allowed(make_address("127.0.0.1"), {}, {}, &reason));
  CHECK(reason.find("loopback") != std::string::npos);
  CHECK(destination_allowed(make_address("127.0.0.1"), cidrs({"127.0.0.0/8"}), {}));
  CHECK_FALSE(destination_allowed(make_address("::ffff:127.0.0.1"), cidrs({"127.0.0.0/8"}), {}, &reason));
  CHECK(reason.find("embedded") != std::string::npos);
  CHECK_FALSE(destination_allowed(make_address("93.184.216.34"), {}, cidrs({"93.184.0.0/16"}), &reason));
  CHECK(reason.find("93.184.0.0/16") != std::string::npos);
  CHECK_FALSE(destination_allowed(make_address("10.0.0.5"), cidrs({"10.0.0.0/8"}), cidrs({"10.0.0.0/24"})));
}
