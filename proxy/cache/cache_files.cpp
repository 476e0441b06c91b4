#include "proxy/cache/cache_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <vector>

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

Expected<TempFile, std::string> create_temp_file(const std::string& directory, const std::string& prefix,
                                                 const std::string& suffix) {
  std::string pattern = directory + "/" + prefix + "XXXXXX" + suffix;
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  const int fd = ::mkostemps(buffer.data(), static_cast<int>(suffix.size()), O_CLOEXEC);
  if (fd < 0) return os_error("cannot create temp file in", directory, errno);
  return TempFile{UniqueFd(fd), std::string(buffer.data())};
}

Expected<void, std::string> write_all(int fd, std::span<const char> data) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return std::string("write failed: ") + std::strerror(errno);
    }
    data = data.subspan(static_cast<std::size_t>(written));
  }
  return {};
}

Expected<void, std::string> sync_file(int fd, const std::string& path_for_errors) {
  if (::fsync(fd) == 0) return {};
  return os_error("cannot fsync", path_for_errors, errno);
}

Expected<void, std::string> sync_directory(const std::string& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) return os_error("cannot open directory", path, errno);
  return sync_file(fd.get(), path);
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

std::optional<std::string> read_meta_file(const std::string& path, std::size_t max_bytes) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  struct stat info {};
  if (!fd || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  if (static_cast<std::uint64_t>(info.st_size) > max_bytes) return std::nullopt;
  std::string content(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t got = ::read(fd.get(), content.data() + done, content.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return std::nullopt;
    done += static_cast<std::size_t>(got);
  }
  return content;
}

bool remove_file(const std::string& path) { return ::unlink(path.c_str()) == 0 || errno == ENOENT; }

}  // namespace octobot::proxy
