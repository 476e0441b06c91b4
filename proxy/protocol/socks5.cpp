#include "proxy/protocol/socks5.hpp"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/address_v6.hpp>

#include <algorithm>
#include <optional>

namespace octobot::proxy {
namespace {

using Bytes = std::span<const std::uint8_t>;

constexpr std::uint8_t socks_version = 5;
constexpr std::uint8_t method_no_auth = 0x00;
constexpr std::uint8_t method_none_acceptable = 0xFF;
constexpr std::uint8_t command_connect = 1;
// VER CMD RSV ATYP, then the address.
constexpr std::size_t request_header_size = 4;

Socks5GreetingParse greeting_error(std::string_view why) {
  return {.status = Socks5Status::error, .error = why};
}

Socks5RequestParse request_need_more() { return {}; }

Socks5RequestParse request_error(Socks5Reply reply, std::string_view why) {
  return {.status = Socks5Status::error, .reply = reply, .error = why};
}

// Checks VER, CMD and RSV as far as they have arrived.
std::optional<Socks5RequestParse> check_request_header(Bytes bytes) {
  if (bytes.size() > 0 && bytes[0] != socks_version) {
    return request_error(Socks5Reply::general_failure, "not SOCKS version 5");
  }
  if (bytes.size() > 1 && bytes[1] != command_connect) {
    return request_error(Socks5Reply::command_not_supported, "command not supported (only CONNECT)");
  }
  if (bytes.size() > 2 && bytes[2] != 0) {
    return request_error(Socks5Reply::general_failure, "reserved byte is not zero");
  }
  return std::nullopt;
}

// Reads DST.PORT at `offset` and completes the request.
Socks5RequestParse finish_with_port(Bytes bytes, std::size_t offset, Socks5AddressType type, std::string host) {
  if (bytes.size() < offset + 2) return request_need_more();
  const auto port = static_cast<std::uint16_t>((bytes[offset] << 8) | bytes[offset + 1]);
  if (port == 0) return request_error(Socks5Reply::general_failure, "destination port 0");
  Socks5RequestParse parsed{.status = Socks5Status::ok, .consumed = offset + 2};
  parsed.request = {.address_type = type, .host = std::move(host), .port = port};
  return parsed;
}

Socks5RequestParse parse_ipv4_destination(Bytes bytes) {
  boost::asio::ip::address_v4::bytes_type address;
  if (bytes.size() < request_header_size + address.size()) return request_need_more();
  std::copy_n(bytes.begin() + request_header_size, address.size(), address.begin());
  return finish_with_port(bytes, request_header_size + address.size(), Socks5AddressType::ipv4,
                          boost::asio::ip::address_v4(address).to_string());
}

Socks5RequestParse parse_ipv6_destination(Bytes bytes) {
  boost::asio::ip::address_v6::bytes_type address;
  if (bytes.size() < request_header_size + address.size()) return request_need_more();
  std::copy_n(bytes.begin() + request_header_size, address.size(), address.begin());
  return finish_with_port(bytes, request_header_size + address.size(), Socks5AddressType::ipv6,
                          boost::asio::ip::address_v6(address).to_string());
}

bool is_name_byte(std::uint8_t byte) { return byte >= 0x21 && byte <= 0x7E; }

// DST.ADDR is a length byte (1-255) and that many printable characters.
Socks5RequestParse parse_domain_destination(Bytes bytes) {
  const std::size_t length_offset = request_header_size;
  if (bytes.size() <= length_offset) return request_need_more();
  const std::size_t length = bytes[length_offset];
  if (length == 0) return request_error(Socks5Reply::general_failure, "empty destination name");
  const Bytes name = bytes.subspan(length_offset + 1, std::min(length, bytes.size() - length_offset - 1));
  if (!std::all_of(name.begin(), name.end(), is_name_byte)) {
    return request_error(Socks5Reply::general_failure, "destination name has a non-printable byte");
  }
  if (name.size() < length) return request_need_more();
  return finish_with_port(bytes, length_offset + 1 + length, Socks5AddressType::domain,
                          std::string(name.begin(), name.end()));
}

void append_port(std::vector<std::uint8_t>& out, std::uint16_t port) {
  out.push_back(static_cast<std::uint8_t>(port >> 8));
  out.push_back(static_cast<std::uint8_t>(port & 0xFF));
}

}  // namespace

Socks5GreetingParse parse_socks5_greeting(Bytes bytes) {
  if (bytes.empty()) return {};
  if (bytes[0] != socks_version) return greeting_error("not SOCKS version 5");
  if (bytes.size() < 2) return {};
  const std::size_t method_count = bytes[1];
  if (method_count == 0) return greeting_error("no authentication method offered");
  if (bytes.size() < 2 + method_count) return {};
  const Bytes methods = bytes.subspan(2, method_count);
  return {.status = Socks5Status::ok,
          .consumed = 2 + method_count,
          .no_auth_offered = std::find(methods.begin(), methods.end(), method_no_auth) != methods.end()};
}

Socks5RequestParse parse_socks5_request(Bytes bytes) {
  if (auto failed = check_request_header(bytes)) return std::move(*failed);
  if (bytes.size() < request_header_size) return request_need_more();
  switch (bytes[3]) {
    case static_cast<std::uint8_t>(Socks5AddressType::ipv4): return parse_ipv4_destination(bytes);
    case static_cast<std::uint8_t>(Socks5AddressType::domain): return parse_domain_destination(bytes);
    case static_cast<std::uint8_t>(Socks5AddressType::ipv6): return parse_ipv6_destination(bytes);
    default: return request_error(Socks5Reply::address_type_not_supported, "address type not supported");
  }
}

std::vector<std::uint8_t> socks5_method_reply(bool no_auth_offered) {
  return {socks_version, no_auth_offered ? method_no_auth : method_none_acceptable};
}

std::vector<std::uint8_t> socks5_reply(Socks5Reply code, const boost::asio::ip::tcp::endpoint* bound) {
  const boost::asio::ip::address address = bound ? bound->address() : boost::asio::ip::address_v4::any();
  std::vector<std::uint8_t> out{socks_version, static_cast<std::uint8_t>(code), 0};
  if (address.is_v4()) {
    out.push_back(static_cast<std::uint8_t>(Socks5AddressType::ipv4));
    const auto bytes = address.to_v4().to_bytes();
    out.insert(out.end(), bytes.begin(), bytes.end());
  } else {
    out.push_back(static_cast<std::uint8_t>(Socks5AddressType::ipv6));
    const auto bytes = address.to_v6().to_bytes();
    out.insert(out.end(), bytes.begin(), bytes.end());
  }
  append_port(out, bound ? bound->port() : 0);
  return out;
}

}  // namespace octobot::proxy
