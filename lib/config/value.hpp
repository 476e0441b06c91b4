// Typed option values and the text syntax of each type (lib/config).
//
// Contract: parse_value never throws and returns nullopt for text that is not
// of the type; invalid_value_message then explains it in the form
// "\"abc\" is not an integer", which callers prefix with where the text came
// from. Syntax:
// - integer: optional '-', decimal digits, fits in int64.
// - boolean: true/false, yes/no, on/off, 1/0 (case-insensitive).
// - duration: one or more <integer><unit> with units ms, s, m, h, d, e.g.
//   "500ms", "30s", "1h30m"; a bare "0" is also accepted.
// - string: any text.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace octobot::config {

enum class Type { string, integer, boolean, duration };

using Value = std::variant<std::string, std::int64_t, bool, std::chrono::milliseconds>;

// "string", "int", "bool", "duration".
std::string_view type_name(Type type);

std::optional<Value> parse_value(Type type, std::string_view text);
std::string invalid_value_message(Type type, std::string_view text);

}  // namespace octobot::config
