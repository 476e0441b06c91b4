#include "proxy/config/small_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace octobot::proxy {
namespace {

FileError errno_error(const std::string& path, int error) {
  return FileError{"cannot read " + path + ": " + std::strerror(error)};
}

// Closes a descriptor when it goes out of scope.
class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;
  ~FdGuard() { ::close(fd_); }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string too_large(const std::string& path, std::size_t max_bytes) {
  return "cannot read " + path + ": larger than " + std::to_string(max_bytes) + " bytes";
}

}  // namespace

Expected<std::string, FileError> read_small_file(const std::string& path, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return errno_error(path, errno);
  FdGuard guard(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) return errno_error(path, errno);
  if (!S_ISREG(info.st_mode)) return FileError{"cannot read " + path + ": not a regular file"};
  if (static_cast<std::size_t>(info.st_size) > max_bytes) return FileError{too_large(path, max_bytes)};
  std::string text;
  char buffer[8192];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno_error(path, errno);
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) return FileError{too_large(path, max_bytes)};  // it grew while we read
  }
  return text;
}

}  // namespace octobot::proxy
