#include "lib/proc/process_table.hpp"

#include <charconv>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace octobot::proc {

namespace {

struct StatFields {
  char state = '?';
  pid_t session = -1;
};

// /proc/<pid>/stat: "pid (comm) state ppid pgrp session ..."; comm may hold spaces and parentheses.
std::optional<StatFields> read_stat(const std::filesystem::path& stat_path) {
  std::ifstream file(stat_path);
  std::string line;
  if (!std::getline(file, line)) return std::nullopt;
  const auto comm_end = line.rfind(')');
  if (comm_end == std::string::npos || comm_end + 2 >= line.size()) return std::nullopt;
  StatFields fields;
  fields.state = line[comm_end + 2];
  std::size_t position = comm_end + 3;
  for (int skip = 0; skip < 2; ++skip) {  // ppid, pgrp
    position = line.find(' ', position + 1);
    if (position == std::string::npos) return std::nullopt;
  }
  const char* begin = line.data() + position + 1;
  const char* end = line.data() + line.size();
  if (std::from_chars(begin, end, fields.session).ec != std::errc()) return std::nullopt;
  return fields;
}

}  // namespace

std::vector<pid_t> processes_in_session(pid_t sid) {
  std::vector<pid_t> found;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    pid_t pid = 0;
    if (std::from_chars(name.data(), name.data() + name.size(), pid).ec != std::errc()) continue;
    const auto stat = read_stat(entry.path() / "stat");
    if (stat && stat->session == sid && stat->state != 'Z') found.push_back(pid);
  }
  return found;
}

std::size_t signal_session(pid_t sid, int signal) {
  const auto pids = processes_in_session(sid);
  for (pid_t pid : pids) ::kill(pid, signal);
  return pids.size();
}

}  // namespace octobot::proc
