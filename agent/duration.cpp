#include "agent/duration.hpp"

#include <cstdint>
#include <limits>

namespace octobot::agent {
namespace {

// poll() takes an int of milliseconds.
constexpr std::int64_t kMaxMillis = std::numeric_limits<int>::max();

std::optional<std::int64_t> unit_millis(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60 * 1000;
  if (unit == "h") return 60 * 60 * 1000;
  return std::nullopt;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text == "0") return std::chrono::milliseconds(0);
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  while (!text.empty()) {
    std::size_t digits = 0;
    std::int64_t number = 0;
    while (digits < text.size() && is_digit(text[digits])) {
      number = number * 10 + (text[digits] - '0');
      if (number > kMaxMillis) return std::nullopt;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    std::size_t unit_end = digits;
    while (unit_end < text.size() && !is_digit(text[unit_end])) ++unit_end;
    const auto factor = unit_millis(text.substr(digits, unit_end - digits));
    if (!factor) return std::nullopt;
    total += number * *factor;
    if (total > kMaxMillis) return std::nullopt;
    text.remove_prefix(unit_end);
  }
  return std::chrono::milliseconds(total);
}

std::string format_duration(std::chrono::milliseconds duration) {
  const std::int64_t ms = duration.count();
  if (ms != 0 && ms % (60 * 60 * 1000) == 0) return std::to_string(ms / (60 * 60 * 1000)) + "h";
  if (ms != 0 && ms % (60 * 1000) == 0) return std::to_string(ms / (60 * 1000)) + "m";
  if (ms != 0 && ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace octobot::agent
