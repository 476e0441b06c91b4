#include "proxy/protocol/detect.hpp"

#include <cstddef>

namespace octobot::proxy {
namespace {

constexpr std::uint8_t socks5_version = 0x05;
constexpr std::uint8_t tls_handshake_record = 0x16;
constexpr std::size_t max_method_length = 16;

bool is_method_char(std::uint8_t byte) { return byte >= 'A' && byte <= 'Z'; }

// The bytes start with a method token character: an HTTP request line once the
// token ends in a space.
ProtocolGuess detect_request_line(std::span<const std::uint8_t> bytes) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == ' ') return ProtocolGuess::http;  // i >= 1: bytes[0] is a token char
    if (!is_method_char(bytes[i]) || i == max_method_length) return ProtocolGuess::unknown;
  }
  return ProtocolGuess::need_more;
}

}  // namespace

ProtocolGuess detect_protocol(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return ProtocolGuess::need_more;
  const std::uint8_t first = bytes.front();
  if (first == socks5_version) return ProtocolGuess::socks5;
  if (first == tls_handshake_record) return ProtocolGuess::tls;
  if (is_method_char(first)) return detect_request_line(bytes);
  return ProtocolGuess::unknown;
}

std::string_view to_string(ProtocolGuess guess) {
  switch (guess) {
    case ProtocolGuess::need_more: return "need_more";
    case ProtocolGuess::http: return "http";
    case ProtocolGuess::socks5: return "socks5";
    case ProtocolGuess::tls: return "tls";
    case ProtocolGuess::unknown: return "unknown";
  }
  return "invalid";
}

}  // namespace octobot::proxy
