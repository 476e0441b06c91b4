#include "proxy/server/access_log.hpp"

#include "lib/log/log.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <unistd.h>


namespace octobot::proxy {
namespace {

std::string render(const AccessEntry& entry) {
  auto elapsed = std::chrono::steady_clock::now() - entry.started;
  nlohmann::json line = {
      {"time", log::utc_timestamp()},
      {"client", entry.client},
      {"protocol", entry.protocol},
      {"method", entry.method},
      {"host", entry.host},
      {"port", entry.port},
      {"path", entry.path},
      {"status", entry.status},
      {"bytes_up", entry.bytes_up},
      {"bytes_down", entry.bytes_down},
      {"duration_ms", std::chrono::duration<double, std::milli>(elapsed).count()},
      {"decision", entry.decision},
      {"rule", entry.rule},
  };
  if (!entry.error.empty()) line["error"] = entry.error;
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
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
