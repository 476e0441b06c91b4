#include "proxy/protocol/socks5.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace octobot::proxy;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes operator+(Bytes head, const Bytes& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}
Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }
std::span<const std::uint8_t> prefix(const Bytes& bytes, std::size_t length) { return {bytes.data(), length}; }

const Bytes connect_header = {5, 1, 0};
const Bytes ipv4_request = connect_header + Bytes{1, 192, 0, 2, 1, 0x01, 0xBB};
const Bytes domain_request = connect_header + Bytes{3, 11} + text("example.com") + Bytes{0x00, 0x50};
const Bytes ipv6_request = connect_header + Bytes{4, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1} +
                           Bytes{0x20, 0xFB};

void check_every_proper_prefix_needs_more(const Bytes& request) {
  for (std::size_t length = 0; length < request.size(); ++length) {
    INFO("prefix length " << length);
    const Socks5RequestParse parsed = parse_socks5_request(prefix(request, length));
    CHECK(parsed.status == Socks5Status::need_more);
    CHECK(parsed.consumed == 0);
  }
}

void check_rejected(const Bytes& request, Socks5Reply reply) {
  const Socks5RequestParse parsed = parse_socks5_request(request);
  CHECK(parsed.status == Socks5Status::error);
  CHECK(parsed.reply == reply);
  CHECK(parsed.consumed == 0);
  CHECK_FALSE(parsed.error.empty());
}

}  // namespace

TEST_CASE("a greeting says whether 'no authentication' is offered", "[proxy][socks5]") {
  const Socks5GreetingParse offered = parse_socks5_greeting(Bytes{5, 2, 2, 0});
  CHECK(offered.status == Socks5Status::ok);
  CHECK(offered.consumed == 4);
  CHECK(offered.no_auth_offered);

  const Socks5GreetingParse not_offered = parse_socks5_greeting(Bytes{5, 2, 1, 2});
  CHECK(not_offered.status == Socks5Status::ok);
  CHECK(not_offered.consumed == 4);
  CHECK_FALSE(not_offered.no_auth_offered);
}

TEST_CASE("a greeting leaves the bytes after it unconsumed", "[proxy][socks5]") {
  const Bytes stream = Bytes{5, 1, 0} + ipv4_request;
  const Socks5GreetingParse parsed = parse_socks5_greeting(stream);
  CHECK(parsed.status == Socks5Status::ok);
  CHECK(parsed.consumed == 3);
}

TEST_CASE("a partial greeting needs more at every split point", "[proxy][socks5]") {
  const Bytes greeting = {5, 3, 2, 1, 0};
  for (std::size_t length = 0; length < greeting.size(); ++length) {
    INFO("prefix length " << length);
    const Socks5GreetingParse parsed = parse_socks5_greeting(prefix(greeting, length));
    CHECK(parsed.status == Socks5Status::need_more);
    CHECK(parsed.consumed == 0);
  }
  CHECK(parse_socks5_greeting(greeting).status == Socks5Status::ok);
}

TEST_CASE("a greeting with the wrong version or no methods is an error", "[proxy][socks5]") {
  for (const Bytes& greeting : {Bytes{4}, Bytes{4, 1, 0}, Bytes{0x50, 0x4F}, Bytes{5, 0}, Bytes{5, 0, 0}}) {
    const Socks5GreetingParse parsed = parse_socks5_greeting(greeting);
    CHECK(parsed.status == Socks5Status::error);
    CHECK(parsed.consumed == 0);
    CHECK_FALSE(parsed.error.empty());
  }
}

TEST_CASE("the method reply accepts 'no authentication' or refuses every method", "[proxy][socks5]") {
  CHECK(socks5_method_reply(true) == Bytes{5, 0x00});
  CHECK(socks5_method_reply(false) == Bytes{5, 0xFF});
}

TEST_CASE("CONNECT requests for each address type", "[proxy][socks5]") {
  SECTION("IPv4") {
    const Socks5RequestParse parsed = parse_socks5_request(ipv4_request);
    REQUIRE(parsed.status == Socks5Status::ok);
    CHECK(parsed.consumed == ipv4_request.size());
    CHECK(parsed.request.address_type == Socks5AddressType::ipv4);
    CHECK(parsed.request.host == "192.0.2.1");
    CHECK(parsed.request.port == 443);
  }
  SECTION("domain name") {
    const Socks5RequestParse parsed = parse_socks5_request(domain_request);
    REQUIRE(parsed.status == Socks5Status::ok);
    CHECK(parsed.consumed == domain_request.size());
    CHECK(parsed.request.address_type == Socks5AddressType::domain);
    CHECK(parsed.request.host == "example.com");
    CHECK(parsed.request.port == 80);
  }
  SECTION("IPv6, without brackets") {
    const Socks5RequestParse parsed = parse_socks5_request(ipv6_request);
    REQUIRE(parsed.status == Socks5Status::ok);
    CHECK(parsed.consumed == ipv6_request.size());
    CHECK(parsed.request.address_type == Socks5AddressType::ipv6);
    CHECK(parsed.request.host == "2001:db8::1");
    CHECK(parsed.request.port == 8443);
  }
}

TEST_CASE("a name is kept as sent, up to 255 bytes", "[proxy][socks5]") {
  const std::string longest(255, 'a');
  const Bytes request = connect_header + Bytes{3, 255} + text(longest) + Bytes{0xFF, 0xFF};
  const Socks5RequestParse parsed = parse_socks5_request(request);
  REQUIRE(parsed.status == Socks5Status::ok);
  CHECK(parsed.request.host == longest);
  CHECK(parsed.request.port == 65535);

  const Bytes mixed = connect_header + Bytes{3, 12} + text("Example.COM.") + Bytes{0, 1};
  const Socks5RequestParse kept = parse_socks5_request(mixed);
  REQUIRE(kept.status == Socks5Status::ok);
  CHECK(kept.request.host == "Example.COM.");
  CHECK(kept.request.port == 1);
}

TEST_CASE("a partial request needs more at every split point", "[proxy][socks5]") {
  check_every_proper_prefix_needs_more(ipv4_request);
  check_every_proper_prefix_needs_more(domain_request);
  check_every_proper_prefix_needs_more(ipv6_request);
}

TEST_CASE("bytes after a request are left unconsumed", "[proxy][socks5]") {
  for (const Bytes& request : {ipv4_request, domain_request, ipv6_request}) {
    const Bytes stream = request + text("GET / HTTP/1.1\r\n");
    const Socks5RequestParse parsed = parse_socks5_request(stream);
    REQUIRE(parsed.status == Socks5Status::ok);
    CHECK(parsed.consumed == request.size());
  }
}

TEST_CASE("a malformed request header is a general failure", "[proxy][socks5]") {
  check_rejected(Bytes{4, 1, 0, 1, 192, 0, 2, 1, 0, 80}, Socks5Reply::general_failure);
  check_rejected(Bytes{4}, Socks5Reply::general_failure);                  // seen before the rest arrives
  check_rejected(Bytes{5, 1, 1, 1, 192, 0, 2, 1, 0, 80}, Socks5Reply::general_failure);  // RSV
  check_rejected(Bytes{5, 1, 0xFF}, Socks5Reply::general_failure);
}

TEST_CASE("only CONNECT is supported", "[proxy][socks5]") {
  check_rejected(Bytes{5, 2, 0, 1, 192, 0, 2, 1, 0, 80}, Socks5Reply::command_not_supported);  // BIND
  check_rejected(Bytes{5, 3, 0, 1, 192, 0, 2, 1, 0, 80}, Socks5Reply::command_not_supported);  // UDP ASSOCIATE
  check_rejected(Bytes{5, 0}, Socks5Reply::command_not_supported);
  check_rejected(Bytes{5, 0xF0}, Socks5Reply::command_not_supported);
}

TEST_CASE("unknown address types are not supported", "[proxy][socks5]") {
  for (std::uint8_t type : {0, 2, 5, 0xFF}) {
    INFO("ATYP " << int(type));
    check_rejected(connect_header + Bytes{type}, Socks5Reply::address_type_not_supported);
    check_rejected(connect_header + Bytes{type, 1, 2, 3, 4, 0, 80}, Socks5Reply::address_type_not_supported);
  }
}

TEST_CASE("an empty or unprintable name is a general failure", "[proxy][socks5]") {
  check_rejected(connect_header + Bytes{3, 0, 0, 80}, Socks5Reply::general_failure);
  check_rejected(connect_header + Bytes{3, 0}, Socks5Reply::general_failure);
  for (std::uint8_t bad : {0x00, 0x09, 0x0A, 0x20, 0x7F, 0x80, 0xFF}) {
    INFO("byte " << int(bad));
    check_rejected(connect_header + Bytes{3, 3, 'a', bad, 'b', 0, 80}, Socks5Reply::general_failure);
    // Rejected as soon as the bad byte arrives, before the name is complete.
    check_rejected(connect_header + Bytes{3, 10, 'a', bad}, Socks5Reply::general_failure);
  }
}

TEST_CASE("destination port 0 is a general failure", "[proxy][socks5]") {
  check_rejected(connect_header + Bytes{1, 192, 0, 2, 1, 0, 0}, Socks5Reply::general_failure);
  check_rejected(connect_header + Bytes{3, 1, 'a', 0, 0}, Socks5Reply::general_failure);
  check_rejected(connect_header + Bytes{4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
                 Socks5Reply::general_failure);
}

TEST_CASE("replies carry the code and the bound address", "[proxy][socks5]") {
  using boost::asio::ip::make_address;
  using boost::asio::ip::tcp;
  CHECK(socks5_reply(Socks5Reply::succeeded) == Bytes{5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
  CHECK(socks5_reply(Socks5Reply::connection_refused) == Bytes{5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
  CHECK(socks5_reply(Socks5Reply::not_allowed_by_ruleset) == Bytes{5, 2, 0, 1, 0, 0, 0, 0, 0, 0});
  CHECK(socks5_reply(Socks5Reply::address_type_not_supported) == Bytes{5, 8, 0, 1, 0, 0, 0, 0, 0, 0});

  const tcp::endpoint v4(make_address("198.51.100.7"), 40000);
  CHECK(socks5_reply(Socks5Reply::succeeded, &v4) == Bytes{5, 0, 0, 1, 198, 51, 100, 7, 0x9C, 0x40});

  const tcp::endpoint v6(make_address("2001:db8::2"), 443);
  CHECK(socks5_reply(Socks5Reply::succeeded, &v6) ==
        Bytes{5, 0, 0, 4, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0x01, 0xBB});
}

TEST_CASE("a reply to a parsed request round-trips through the parser's address form", "[proxy][socks5]") {
  // The bound address of a reply uses the request's encoding: parsing it as a
  // request (with CMD patched to CONNECT) gives back the endpoint.
  const boost::asio::ip::tcp::endpoint bound(boost::asio::ip::make_address("2001:db8::2"), 443);
  Bytes reply = socks5_reply(Socks5Reply::succeeded, &bound);
  reply[1] = 1;
  const Socks5RequestParse parsed = parse_socks5_request(reply);
  REQUIRE(parsed.status == Socks5Status::ok);
  CHECK(parsed.request.host == "2001:db8::2");
  CHECK(parsed.request.port == 443);
}
