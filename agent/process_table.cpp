#include "agent/process_table.hpp"

#include "lib/fs/unique_fd.hpp"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <string>
#include <string_view>
#include <unistd.h>

namespace octobot::agent {
namespace {

// The parent pid in the text of /proc/<pid>/stat, or -1.
pid_t parent_in_stat(std::string_view stat) {
  const std::size_t close = stat.rfind(')');
  if (close == std::string_view::npos || close + 4 > stat.size()) return -1;
  std::string_view rest = stat.substr(close + 2);  // "S 123 ..."
  const std::size_t space = rest.find(' ');
  if (space == std::string_view::npos) return -1;
  rest.remove_prefix(space + 1);
  pid_t ppid = -1;
  std::from_chars(rest.data(), rest.data() + rest.size(), ppid);
  return ppid;
}

bool read_stat(const char* pid_name, std::string& out) {
  const std::string path = std::string("/proc/") + pid_name + "/stat";
  files::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return false;
  char buffer[1024];
  ssize_t n;
  do {
    n = ::read(fd.get(), buffer, sizeof buffer);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return false;
  out.assign(buffer, static_cast<std::size_t>(n));
  return true;
}

}  // namespace

std::vector<pid_t> child_pids_of(pid_t parent) {
  std::vector<pid_t> children;
  DIR* dir = ::opendir("/proc");
  if (dir == nullptr) return children;
  std::string stat;
  while (const dirent* entry = ::readdir(dir)) {
    const char* name = entry->d_name;
    if (name[0] < '1' || name[0] > '9') continue;
    if (!read_stat(name, stat)) continue;
    if (parent_in_stat(stat) == parent) children.push_back(static_cast<pid_t>(std::atoi(name)));
  }
  ::closedir(dir);
  return children;
}

}  // namespace octobot::agent
