// parse_duration(): the text syntax of the agent's time settings.
//
// Contract: one or more <decimal integer><unit> groups with the units ms, s,
// m and h, e.g. "500ms", "10s", "1m30s"; a bare "0" is also accepted (the
// same syntax as lib/config's durations). Anything else, a negative value or
// a total above about 24 days (what fits a poll() timeout) gives nullopt.
// format_duration() prints the shortest exact form ("1500ms", "10s", "2m").
// Pure functions; nothing throws except std::bad_alloc.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace octobot::agent {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace octobot::agent
