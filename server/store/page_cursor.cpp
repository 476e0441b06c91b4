#include "server/store/page_cursor.hpp"

#include <array>
#include <charconv>

namespace octobot::store {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::array<int, 256> value{};
  value.fill(-1);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) value[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : text) {
    if (value[c] < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value[c]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;  // non-canonical trailing bits
  return out;
}

}  // namespace

std::string encode_cursor(const CursorPosition& position) {
  return base64url_encode(std::to_string(position.created_at) + ":" + position.id);
}

std::optional<CursorPosition> decode_cursor(std::string_view cursor) {
  std::optional<std::string> plain = base64url_decode(cursor);
  if (!plain) return std::nullopt;
  const std::size_t colon = plain->find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == plain->size()) return std::nullopt;
  CursorPosition position;
  const char* end = plain->data() + colon;
  auto [ptr, ec] = std::from_chars(plain->data(), end, position.created_at);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  position.id = plain->substr(colon + 1);
  return position;
}

}  // namespace octobot::store
