#include "proxy/config/api_token.hpp"

#include "lib/crypto/crypto.hpp"
#include "lib/fs/file_io.hpp"

#include <algorithm>
#include <cctype>

namespace octobot::proxy {
namespace {

constexpr std::size_t kMaxTokenFileBytes = 64 * 1024;

std::string_view first_line_trimmed(std::string_view text) {
  text = text.substr(0, text.find('\n'));
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

bool visible_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

ApiToken ApiToken::from_token(std::string_view token) {
  ApiToken result;
  result.sha256_hex_ = crypto::sha256_hex(token);
  return result;
}

ApiToken ApiToken::from_sha256_hex(std::string_view hex) {
  ApiToken result;
  result.sha256_hex_.reserve(hex.size());
  for (const char c : hex) result.sha256_hex_.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return result;
}

bool ApiToken::matches(std::string_view bearer) const {
  if (sha256_hex_.empty()) return false;
  return crypto::constant_time_equal(crypto::sha256_hex(bearer), sha256_hex_);
}

Expected<ApiToken, ConfigError> read_api_token(const ProxyConfig& config) {
  if (config.api_listen.empty()) return ApiToken();
  if (!config.api_token_sha256.empty()) return ApiToken::from_sha256_hex(config.api_token_sha256);
  const std::string& path = config.api_token_file;
  const std::string where = config.source + ": api.token_file: ";
  auto text = files::read_small_file(path, kMaxTokenFileBytes, files::FileAccess::owner_only);
  if (!text) return ConfigError{where + text.error().message};
  const std::string_view token = first_line_trimmed(*text);
  if (token.size() < kMinApiTokenLength || !visible_ascii(token)) {
    return ConfigError{where + "the token in " + path + " must be at least " + std::to_string(kMinApiTokenLength) +
                       " characters of visible ASCII (no spaces or control characters) on the first line"};
  }
  return ApiToken::from_token(token);
}

}  // namespace octobot::proxy
