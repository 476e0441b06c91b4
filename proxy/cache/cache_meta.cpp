#include "proxy/cache/cache_meta.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace octobot::proxy {
namespace {

constexpr std::size_t kMaxContentTypeLength = 255;
constexpr std::string_view kDefaultContentType = "application/octet-stream";

bool is_safe_header_value(std::string_view value) {
  if (value.empty() || value.size() > kMaxContentTypeLength) return false;
  return std::none_of(value.begin(), value.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

}  // namespace

std::string safe_content_type(std::string content_type) {
  if (is_safe_header_value(content_type)) return content_type;
  return std::string(kDefaultContentType);
}

std::string encode_meta(const EntryMeta& meta) {
  const nlohmann::json json = {{"content_type", safe_content_type(meta.content_type)}, {"size", meta.size}};
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<EntryMeta> decode_meta(std::string_view text) {
  const nlohmann::json json = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  const auto content_type = json.find("content_type");
  const auto size = json.find("size");
  if (content_type == json.end() || !content_type->is_string()) return std::nullopt;
  if (size == json.end() || !size->is_number_unsigned()) return std::nullopt;
  EntryMeta meta{content_type->get<std::string>(), size->get<std::uint64_t>()};
  if (!is_safe_header_value(meta.content_type)) return std::nullopt;
  return meta;
}

}  // namespace octobot::proxy
