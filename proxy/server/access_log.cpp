#include "proxy/server/access_log.hpp"

#include "lib/log/log.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fcntl.h>
#include <unistd.h>


namespace octobot::proxy {
namespace {

// Plain printable ASCII goes in as it is; anything else is escaped by
// nlohmann (invalid UTF-8 becomes U+FFFD, so every line stays valid JSON).
void append_string(std::string& line, std::string_view text) {
  bool plain = std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    line += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  line += '"';
  line += text;
  line += '"';
}

void append_number(std::string& line, auto value) {
  char text[32];
  auto [end, error] = std::to_chars(text, text + sizeof text, value);
  line.append(text, end);
}

void append_key(std::string& line, std::string_view key) {
  line += line.empty() ? "{\"" : ",\"";
  line += key;
  line += "\":";
}

// One JSON object per line, built directly: this runs once per request.
std::string render(const AccessEntry& entry) {
  auto elapsed = std::chrono::steady_clock::now() - entry.started;
  std::string line;
  line.reserve(320);
  auto string_field = [&](std::string_view key, std::string_view value) {
    append_key(line, key);
    append_string(line, value);
  };
  auto number_field = [&](std::string_view key, auto value) {
    append_key(line, key);
    append_number(line, value);
  };
  string_field("time", log::utc_timestamp());
  string_field("client", entry.client);
  string_field("protocol", entry.protocol);
  string_field("method", entry.method);
  string_field("host", entry.host);
  number_field("port", entry.port);
  string_field("path", entry.path);
  number_field("status", entry.status);
  number_field("bytes_up", entry.bytes_up);
  number_field("bytes_down", entry.bytes_down);
  number_field("duration_ms", std::round(std::chrono::duration<double, std::milli>(elapsed).count() * 1000) / 1000);
  string_field("decision", entry.decision);
  string_field("rule", entry.rule);
  if (!entry.error.empty()) string_field("error", entry.error);
  line += "}\n";
  return line;
}

}  // namespace

AccessLog::AccessLog(const std::string& destination) : fd_(STDOUT_FILENO), owns_fd_(false) {
  if (destination.empty() || destination == "-") return;
  int fd = ::open(destination.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    log::warn("cannot open the access log; writing it to stderr",
              nlohmann::json{{"file", destination}, {"error", std::strerror(errno)}});
    fd_ = STDERR_FILENO;
    return;
  }
  fd_ = fd;
  owns_fd_ = true;
}

AccessLog::~AccessLog() {
  if (owns_fd_) ::close(fd_);
}

void AccessLog::write(const AccessEntry& entry) {
  std::string line = render(entry);
  std::lock_guard lock(mutex_);
  [[maybe_unused]] auto written = ::write(fd_, line.data(), line.size());
}

std::string path_without_query(std::string_view target) {
  auto end = target.find_first_of("?#");
  return std::string(target.substr(0, end));
}

}  // namespace octobot::proxy
