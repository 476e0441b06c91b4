// SOCKS5 (RFC 1928) on the proxy port: the method negotiation and the CONNECT
// request, parsed from bytes, and the replies, encoded to bytes (DESIGN.md §7).
//
// Contract:
// - The parsers are pure functions of the bytes received so far, to be called
//   again as more arrive. They return need_more while the bytes are a valid
//   prefix of a message, ok once a whole message is there (`consumed` = its
//   length; later bytes are not part of it and are left to the caller), and
//   error as soon as the bytes seen can no longer start a valid message.
//   `consumed` is 0 unless the status is ok. They never throw.
// - Greeting: VER=5, NMETHODS>=1, METHODS. Only "no authentication" (0x00) is
//   supported; the result says whether the client offers it, and
//   socks5_method_reply() gives the answer ({5,0x00} or {5,0xFF}, after which
//   the caller closes).
// - Request: VER=5, CMD, RSV=0, ATYP, DST.ADDR, DST.PORT. Only CONNECT (1) is
//   supported. On error `reply` is the code to send before closing:
//     CMD other than CONNECT                      → command_not_supported (7)
//     ATYP other than 1 (IPv4), 3 (name), 4 (IPv6) → address_type_not_supported (8)
//     VER != 5, RSV != 0, an empty name, a name byte outside printable ASCII
//     without space (0x21-0x7E), DST.PORT 0        → general_failure (1)
//   A malformed name gets general_failure rather than 8: the address type is
//   supported, the request is broken, and 8 would invite the client to retry
//   with another type. After a VER error the caller may simply close.
// - The request's host is the name exactly as sent (not canonicalised; it may
//   be an IP literal: the caller canonicalises, resolves and classifies), or the
//   address in text form: "192.0.2.1", "2001:db8::1" (IPv6 without brackets).
// - socks5_reply() encodes VER=5, REP, RSV=0 and BND.ADDR/BND.PORT from
//   `bound` (ATYP 1 or 4 after its address family), or 0.0.0.0:0 without one.
#pragma once
#include <utility>  // before Asio (Boost 1.81)

#include <boost/asio/ip/tcp.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace octobot::proxy {

enum class Socks5Status { need_more, ok, error };

enum class Socks5Reply : std::uint8_t {
  succeeded = 0,
  general_failure = 1,
  not_allowed_by_ruleset = 2,
  network_unreachable = 3,
  host_unreachable = 4,
  connection_refused = 5,
  ttl_expired = 6,
  command_not_supported = 7,
  address_type_not_supported = 8,
};

enum class Socks5AddressType : std::uint8_t { ipv4 = 1, domain = 3, ipv6 = 4 };

struct Socks5GreetingParse {
  Socks5Status status = Socks5Status::need_more;
  std::size_t consumed = 0;
  bool no_auth_offered = false;  // when ok
  std::string_view error;        // when error: why, for the log
};

struct Socks5Request {
  Socks5AddressType address_type = Socks5AddressType::ipv4;
  std::string host;
  std::uint16_t port = 0;
};

struct Socks5RequestParse {
  Socks5Status status = Socks5Status::need_more;
  std::size_t consumed = 0;
  Socks5Request request;                                 // when ok
  Socks5Reply reply = Socks5Reply::succeeded;            // when error: the code to send
  std::string_view error;                                // when error: why, for the log
};

Socks5GreetingParse parse_socks5_greeting(std::span<const std::uint8_t> bytes);
Socks5RequestParse parse_socks5_request(std::span<const std::uint8_t> bytes);

// {5, 0x00} when the client offered "no authentication", else {5, 0xFF}.
std::vector<std::uint8_t> socks5_method_reply(bool no_auth_offered);
std::vector<std::uint8_t> socks5_reply(Socks5Reply code, const boost::asio::ip::tcp::endpoint* bound = nullptr);

}  // namespace octobot::proxy
