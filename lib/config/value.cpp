#include "lib/config/value.hpp"

#include <cctype>
#include <charconv>
#include <limits>
#include <optional>

namespace octobot::config {
namespace {

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<bool> parse_boolean(std::string_view text) {
  const std::string lower = lowercase(text);
  if (lower == "true" || lower == "yes" || lower == "on" || lower == "1") return true;
  if (lower == "false" || lower == "no" || lower == "off" || lower == "0") return false;
  return std::nullopt;
}

std::optional<std::int64_t> unit_millis(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60 * 1000;
  if (unit == "h") return 60 * 60 * 1000;
  if (unit == "d") return 24 * 60 * 60 * 1000;
  return std::nullopt;
}

// Reads one <digits><unit> term from the front of `text` and adds it to `total`.
bool consume_duration_term(std::string_view& text, std::int64_t& total) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  std::size_t letters = digits;
  while (letters < text.size() && std::isalpha(static_cast<unsigned char>(text[letters]))) ++letters;
  const auto number = parse_integer(text.substr(0, digits));
  const auto scale = unit_millis(text.substr(digits, letters - digits));
  if (!number || !scale || *number > (std::numeric_limits<std::int64_t>::max() - total) / *scale) return false;
  total += *number * *scale;
  text.remove_prefix(letters);
  return true;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text == "0") return std::chrono::milliseconds(0);
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  while (!text.empty()) {
    if (!consume_duration_term(text, total)) return std::nullopt;
  }
  return std::chrono::milliseconds(total);
}

}  // namespace

std::string_view type_name(Type type) {
  switch (type) {
    case Type::string: return "string";
    case Type::integer: return "int";
    case Type::boolean: return "bool";
    case Type::duration: return "duration";
  }
  return "string";
}

std::optional<Value> parse_value(Type type, std::string_view text) {
  switch (type) {
    case Type::string: return Value(std::string(text));
    case Type::integer: if (auto value = parse_integer(text)) return Value(*value); break;
    case Type::boolean: if (auto value = parse_boolean(text)) return Value(*value); break;
    case Type::duration: if (auto value = parse_duration(text)) return Value(*value); break;
  }
  return std::nullopt;
}

std::string invalid_value_message(Type type, std::string_view text) {
  switch (type) {
    case Type::string: break;
    case Type::integer: return quoted(text) + " is not an integer";
    case Type::boolean: return quoted(text) + " is not a boolean (use true or false)";
    case Type::duration: return quoted(text) + " is not a duration (use e.g. 500ms, 30s, 5m, 1h30m)";
  }
  return quoted(text) + " is not a valid " + std::string(type_name(type));
}

}  // namespace octobot::config
