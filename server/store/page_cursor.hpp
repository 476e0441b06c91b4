// The opaque cursor of a sessions page: the (created_at, id) of the last item
// of the previous page, as base64url (no padding) of "<created_at>:<id>".
// decode_cursor() rejects anything encode_cursor() could not have produced.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace octobot::store {

struct CursorPosition {
  std::int64_t created_at = 0;
  std::string id;
};

std::string encode_cursor(const CursorPosition& position);
std::optional<CursorPosition> decode_cursor(std::string_view cursor);

}  // namespace octobot::store
