// JSON-lines logger shared by every Octobot process.
//
// Contract:
// - Each record is one line: {"time":"2026-11-22T07:00:00.123Z","level":"info",
//   "msg":"...", ...fields}. time is UTC with milliseconds; the fields of the
//   object passed in follow in their own order. A field named time, level or
//   msg is dropped (the record's own keys win). Fields that are not an object
//   are logged under the key "fields". Invalid UTF-8 is replaced, never thrown.
// - A line is written with a single write() under a process-wide lock, so lines
//   from several threads never interleave.
// - A record below the current level costs one atomic load; use enabled() to
//   skip building expensive fields.
// - Output defaults to stderr. The logger never owns or closes the descriptor.
// - No function here throws; a failed write is dropped.
// - Callers never log secrets (credentials, tokens, keys): redact before logging.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace octobot::log {

enum class Level { debug, info, warn, error };

// "debug", "info", "warn", "error".
std::string_view level_name(Level level);
// Case-insensitive; also accepts "warning". nullopt for anything else.
std::optional<Level> parse_level(std::string_view text);

void set_level(Level level);
Level level();
bool enabled(Level level);

// Redirects output to a file descriptor or stdio stream (flushed first).
void set_output(int fd);
void set_output(std::FILE* stream);

// The current UTC time as in each record: "2026-11-22T07:00:00.123Z".
std::string utc_timestamp();

// Formats one record without the trailing newline (exposed for tests and tools).
std::string format_line(Level level, std::string_view message, const nlohmann::json& fields);

void write(Level level, std::string_view message, const nlohmann::json& fields = {});

inline void debug(std::string_view message, const nlohmann::json& fields = {}) { write(Level::debug, message, fields); }
inline void info(std::string_view message, const nlohmann::json& fields = {}) { write(Level::info, message, fields); }
inline void warn(std::string_view message, const nlohmann::json& fields = {}) { write(Level::warn, message, fields); }
inline void error(std::string_view message, const nlohmann::json& fields = {}) { write(Level::error, message, fields); }

}  // namespace octobot::log
