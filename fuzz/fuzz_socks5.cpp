// Fuzzes the SOCKS5 greeting and request parsers on the same arbitrary bytes.
// Properties: they never crash; `consumed` <= size, and is 0 unless ok; an ok
// parse is stable (the first `consumed` bytes alone give the same result, one
// byte fewer needs more); and a request re-encoded here from the parsed host
// and port (an encoder independent of the parser) parses to the same
// destination, as does a reply whose bound address is that destination.
#include "fuzz/fuzz_check.hpp"
#include "proxy/protocol/socks5.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace {

using namespace octobot::proxy;
using Bytes = std::span<const std::uint8_t>;

void append_port(std::vector<std::uint8_t>& out, std::uint16_t port) {
  out.push_back(static_cast<std::uint8_t>(port >> 8));
  out.push_back(static_cast<std::uint8_t>(port));
}

// VER=5 CMD=CONNECT RSV=0 ATYP DST.ADDR DST.PORT, from the parsed request.
std::vector<std::uint8_t> encode_connect(const Socks5Request& request) {
  std::vector<std::uint8_t> out{5, 1, 0, static_cast<std::uint8_t>(request.address_type)};
  if (request.address_type == Socks5AddressType::domain) {
    FUZZ_CHECK(!request.host.empty() && request.host.size() <= 255);
    out.push_back(static_cast<std::uint8_t>(request.host.size()));
    out.insert(out.end(), request.host.begin(), request.host.end());
  } else {
    boost::system::error_code error;
    const boost::asio::ip::address address = boost::asio::ip::make_address(request.host, error);
    FUZZ_CHECK(!error);
    FUZZ_CHECK(address.is_v4() == (request.address_type == Socks5AddressType::ipv4));
    if (address.is_v4()) {
      const auto bytes = address.to_v4().to_bytes();
      out.insert(out.end(), bytes.begin(), bytes.end());
    } else {
      const auto bytes = address.to_v6().to_bytes();
      out.insert(out.end(), bytes.begin(), bytes.end());
    }
  }
  append_port(out, request.port);
  return out;
}

void check_same_destination(const Socks5RequestParse& parsed, const Socks5Request& expected, std::size_t size) {
  FUZZ_CHECK(parsed.status == Socks5Status::ok);
  FUZZ_CHECK(parsed.consumed == size);
  FUZZ_CHECK(parsed.request.address_type == expected.address_type);
  FUZZ_CHECK(parsed.request.host == expected.host);
  FUZZ_CHECK(parsed.request.port == expected.port);
}

void check_greeting(Bytes bytes) {
  const Socks5GreetingParse parsed = parse_socks5_greeting(bytes);
  FUZZ_CHECK(parsed.consumed <= bytes.size());
  if (parsed.status != Socks5Status::ok) {
    FUZZ_CHECK(parsed.consumed == 0);
    FUZZ_CHECK((parsed.status == Socks5Status::error) == !parsed.error.empty());
    return;
  }
  FUZZ_CHECK(parsed.consumed >= 3);
  const Socks5GreetingParse exact = parse_socks5_greeting(bytes.first(parsed.consumed));
  FUZZ_CHECK(exact.status == Socks5Status::ok && exact.consumed == parsed.consumed);
  FUZZ_CHECK(exact.no_auth_offered == parsed.no_auth_offered);
  FUZZ_CHECK(parse_socks5_greeting(bytes.first(parsed.consumed - 1)).status == Socks5Status::need_more);
}

void check_request(Bytes bytes) {
  const Socks5RequestParse parsed = parse_socks5_request(bytes);
  FUZZ_CHECK(parsed.consumed <= bytes.size());
  if (parsed.status != Socks5Status::ok) {
    FUZZ_CHECK(parsed.consumed == 0);
    FUZZ_CHECK((parsed.status == Socks5Status::error) == !parsed.error.empty());
    if (parsed.status == Socks5Status::error) FUZZ_CHECK(parsed.reply != Socks5Reply::succeeded);
    return;
  }
  FUZZ_CHECK(parsed.request.port != 0);
  check_same_destination(parse_socks5_request(bytes.first(parsed.consumed)), parsed.request, parsed.consumed);
  FUZZ_CHECK(parse_socks5_request(bytes.first(parsed.consumed - 1)).status == Socks5Status::need_more);

  const std::vector<std::uint8_t> encoded = encode_connect(parsed.request);
  check_same_destination(parse_socks5_request(encoded), parsed.request, encoded.size());

  if (parsed.request.address_type != Socks5AddressType::domain) {
    // A reply's BND.ADDR/BND.PORT use the request's encoding.
    const boost::asio::ip::tcp::endpoint bound(boost::asio::ip::make_address(parsed.request.host),
                                               parsed.request.port);
    std::vector<std::uint8_t> reply = socks5_reply(Socks5Reply::succeeded, &bound);
    reply[1] = 1;  // CMD=CONNECT where the reply has REP
    check_same_destination(parse_socks5_request(reply), parsed.request, reply.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes bytes(data, size);
  check_greeting(bytes);
  check_request(bytes);
  // A client sends the greeting, then the request: parse the rest as one.
  const Socks5GreetingParse greeting = parse_socks5_greeting(bytes);
  if (greeting.status == Socks5Status::ok) check_request(bytes.subspan(greeting.consumed));
  return 0;
}
