#include "lib/crypto/encoding.hpp"

#include <array>
#include <cstdint>

namespace octobot::crypto {
namespace {

constexpr std::string_view standard_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view url_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

using ReverseTable = std::array<std::int8_t, 256>;

constexpr ReverseTable reverse_table(std::string_view alphabet) {
  ReverseTable table{};
  for (auto& entry : table) entry = -1;
  for (std::size_t i = 0; i < alphabet.size(); ++i) table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}

constexpr ReverseTable standard_reverse = reverse_table(standard_alphabet);
constexpr ReverseTable url_reverse = reverse_table(url_alphabet);

std::string encode(std::string_view data, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t n = (std::uint32_t(std::uint8_t(data[i])) << 16) | (std::uint32_t(std::uint8_t(data[i + 1])) << 8) |
                            std::uint8_t(data[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  const std::size_t rest = data.size() - i;
  if (rest == 0) return out;
  std::uint32_t n = std::uint32_t(std::uint8_t(data[i])) << 16;
  if (rest == 2) n |= std::uint32_t(std::uint8_t(data[i + 1])) << 8;
  out += alphabet[(n >> 18) & 63];
  out += alphabet[(n >> 12) & 63];
  if (rest == 2) out += alphabet[(n >> 6) & 63];
  if (pad) out.append(rest == 1 ? "==" : "=");
  return out;
}

// Decodes unpadded text (length % 4 != 1), rejecting non-zero trailing bits.
std::optional<std::string> decode_unpadded(std::string_view text, const ReverseTable& table) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int value = table[static_cast<unsigned char>(c)];
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

// Strips "=" / "==" padding; nullopt if the padding does not fit the length.
std::optional<std::string_view> strip_padding(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  return text.substr(0, text.size() - pad);
}

}  // namespace

std::string base64_encode(std::string_view data) { return encode(data, standard_alphabet, true); }

std::optional<std::string> base64_decode(std::string_view text) {
  const auto body = strip_padding(text);
  if (!body) return std::nullopt;
  return decode_unpadded(*body, standard_reverse);
}

std::string base64url_encode(std::string_view data) { return encode(data, url_alphabet, false); }

std::optional<std::string> base64url_decode(std::string_view text) {
  if (!text.empty() && text.back() == '=') {
    const auto body = strip_padding(text);
    if (!body) return std::nullopt;
    text = *body;
  }
  return decode_unpadded(text, url_reverse);
}

std::string hex_encode(std::string_view data) {
  constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (char c : data) {
    out += digits[static_cast<std::uint8_t>(c) >> 4];
    out += digits[static_cast<std::uint8_t>(c) & 15];
  }
  return out;
}

}  // namespace octobot::crypto
