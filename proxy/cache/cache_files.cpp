#include "proxy/cache/cache_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace octobot::proxy {
namespace {

Expected<void, std::string> make_one_directory(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) == 0) return {};
  const int error = errno;
  struct stat info {};
  if (error == EEXIST && ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) return {};
  return os_error("cannot create directory", path, error == EEXIST ? ENOTDIR : error);
}

}  // namespace

std::string os_error(const std::string& what, const std::string& path, int error) {
  return what + " " + path + ": " + std::strerror(error);
}

Expected<void, std::string> make_private_directory(const std::string& path) {
  if (path.empty()) return std::string("cannot create directory: empty path");
  for (std::size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    const std::string parent = path.substr(0, slash);
    if (parent.back() == '/') continue;
    if (auto made = make_one_directory(parent); !made) return made;
  }
  return make_one_directory(path);
}

bool set_mtime_ns(int fd, std::int64_t mtime_ns) {
  struct timespec times[2] {};
  times[0].tv_nsec = UTIME_OMIT;
  times[1].tv_sec = static_cast<time_t>(mtime_ns / 1'000'000'000);
  times[1].tv_nsec = static_cast<long>(mtime_ns % 1'000'000'000);
  return ::futimens(fd, times) == 0;
}

std::int64_t now_ns() {
  struct timespec now {};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

bool remove_file(const std::string& path) { return ::unlink(path.c_str()) == 0 || errno == ENOENT; }

}  // namespace octobot::proxy
