#include "lib/log/log.hpp"

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <mutex>
#include <unistd.h>

namespace octobot::log {
namespace {

std::atomic<Level> current_level{Level::info};
std::atomic<int> output_fd{STDERR_FILENO};
std::mutex write_mutex;


std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool is_reserved_key(std::string_view key) { return key == "time" || key == "level" || key == "msg"; }

void append_field(std::string& line, std::string_view key, const nlohmann::json& value) {
  line += ',';
  line += dump(nlohmann::json(key));
  line += ':';
  line += dump(value);
}

void write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  // The date and time of day change once a second: each thread formats them
  // once per second (a request's access-log line needs a timestamp).
  thread_local std::time_t formatted_second = -1;
  thread_local std::string formatted;
  if (seconds != formatted_second) {
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[96];  // sized for any int values, which silences -Wformat-truncation
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    formatted = text;
    formatted_second = seconds;
  }
  const int milliseconds = static_cast<int>(millis % 1000);
  std::string stamp = formatted;
  stamp += '.';
  stamp += static_cast<char>('0' + milliseconds / 100);
  stamp += static_cast<char>('0' + milliseconds / 10 % 10);
  stamp += static_cast<char>('0' + milliseconds % 10);
  stamp += 'Z';
  return stamp;
}

std::string_view level_name(Level level) {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

std::optional<Level> parse_level(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "debug") return Level::debug;
  if (lower == "info") return Level::info;
  if (lower == "warn" || lower == "warning") return Level::warn;
  if (lower == "error") return Level::error;
  return std::nullopt;
}

void set_level(Level level) { current_level.store(level, std::memory_order_relaxed); }

Level level() { return current_level.load(std::memory_order_relaxed); }

bool enabled(Level level) { return level >= current_level.load(std::memory_order_relaxed); }

void set_output(int fd) { output_fd.store(fd, std::memory_order_relaxed); }

void set_output(std::FILE* stream) {
  std::fflush(stream);
  set_output(fileno(stream));
}

std::string format_line(Level level, std::string_view message, const nlohmann::json& fields) {
  std::string line = "{\"time\":\"" + utc_timestamp() + "\",\"level\":\"";
  line += level_name(level);
  line += "\",\"msg\":";
  line += dump(nlohmann::json(message));
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      if (!is_reserved_key(key)) append_field(line, key, value);
    }
  } else if (!fields.is_null()) {
    append_field(line, "fields", fields);
  }
  line += '}';
  return line;
}

void write(Level level, std::string_view message, const nlohmann::json& fields) {
  if (!enabled(level)) return;
  std::string line;
  try {
    line = format_line(level, message, fields);
  } catch (const std::exception&) {
    return;  // only allocation can fail here; a log line is not worth a crash
  }
  line += '\n';
  std::lock_guard lock(write_mutex);
  write_all(output_fd.load(std::memory_order_relaxed), line);
}

}  // namespace octobot::log
