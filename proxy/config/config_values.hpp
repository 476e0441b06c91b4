// Checks and conversions for single configuration values (internal to
// proxy/config). The public ones (parse_byte_size, parse_duration,
// parse_listen_address) are declared in proxy_config.hpp.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace octobot::proxy {

// `text` in double quotes for a message: control bytes shown as '?', cut after 80 characters.
std::string quote_value(std::string_view text);
// RFC 9110 token: 1*tchar.
bool is_http_token(std::string_view text);
// Headers that frame or route a message; a rule may not set or remove them.
bool is_framing_header(std::string_view lowercase_name);
// Why `name` (any case) cannot be a rule's header name, or nullopt when it can.
std::optional<std::string> header_name_problem(std::string_view name);
// A valid HTTP field value: no control characters but HTAB (so no CR, LF or
// NUL, which would split or truncate a header). Bytes >= 0x80 are allowed.
bool is_safe_header_value(std::string_view text);
// 8-128 characters of [A-Za-z0-9_-].
bool is_valid_placeholder(std::string_view text);
std::string to_lower_ascii(std::string_view text);
// The canonical text of an IPv4 or IPv6 literal ("[::1]" and "::1" → "::1"); nullopt for anything else.
std::optional<std::string> canonical_ip_literal(std::string_view text);
// The shortest exact form parse_duration() reads back: "5m", "30s", "1500ms".
std::string format_duration(std::chrono::milliseconds duration);
// `path` when absolute or `base_dir` is empty, else base_dir/path.
std::string resolve_path(const std::string& base_dir, const std::string& path);

}  // namespace octobot::proxy
