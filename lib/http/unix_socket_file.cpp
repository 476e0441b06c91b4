#include "lib/http/unix_socket_file.hpp"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <system_error>
#include <unistd.h>

namespace octobot::http {

namespace {

std::string errno_text(int error) { return std::generic_category().message(error); }

// Whether a server accepts on the socket at `path`: 0 when it does, ECONNREFUSED
// when the file is stale, another errno when that cannot be told. Never blocks:
// a live server with a full backlog (EAGAIN) counts as in use.
int probe_socket(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.data(), path.size());
  int result = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 ? 0 : errno;
  ::close(fd);
  return result == EAGAIN || result == EINPROGRESS ? 0 : result;
}

// Removes the stale socket at `path`, or says why it stays.
Expected<void, std::string> remove_stale_socket(const std::string& path) {
  int probe = probe_socket(path);
  if (probe == 0) return path + " is in use by another server";
  if (probe == ENOENT) return {};  // removed meanwhile
  if (probe != ECONNREFUSED) return "cannot tell whether " + path + " is in use: " + errno_text(probe);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return "cannot remove the stale socket " + path + ": " + errno_text(errno);
  }
  return {};
}

}  // namespace

Expected<void, std::string> prepare_unix_socket_path(const std::string& path) {
  if (path.empty() || path.size() >= sizeof(sockaddr_un::sun_path) || path.find('\0') != std::string::npos) {
    return "\"" + path + "\" is not a valid unix socket path (at most " +
           std::to_string(sizeof(sockaddr_un::sun_path) - 1) + " bytes)";
  }
  struct stat status {};
  if (::lstat(path.c_str(), &status) != 0) {
    if (errno == ENOENT) return {};
    return "cannot inspect " + path + ": " + errno_text(errno);
  }
  if (!S_ISSOCK(status.st_mode)) return path + " exists and is not a socket; refusing to replace it";
  return remove_stale_socket(path);
}

OwnedSocketFile::OwnedSocketFile(OwnedSocketFile&& other) noexcept
    : path_(std::move(other.path_)), device_(other.device_), inode_(other.inode_) {
  other.path_.clear();
}

OwnedSocketFile& OwnedSocketFile::operator=(OwnedSocketFile&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::move(other.path_);
    device_ = other.device_;
    inode_ = other.inode_;
    other.path_.clear();
  }
  return *this;
}

Expected<OwnedSocketFile, std::string> OwnedSocketFile::claim(const std::string& path) {
  struct stat status {};
  if (::lstat(path.c_str(), &status) != 0) return "cannot inspect " + path + ": " + errno_text(errno);
  if (!S_ISSOCK(status.st_mode)) return path + " was replaced by something that is not a socket";
  OwnedSocketFile file;  // owned from here: removed again if chmod fails
  file.path_ = path;
  file.device_ = status.st_dev;
  file.inode_ = status.st_ino;
  if (::chmod(path.c_str(), 0600) != 0) return "cannot set mode 0600 on " + path + ": " + errno_text(errno);
  return file;
}

void OwnedSocketFile::remove() {
  if (path_.empty()) return;
  struct stat status {};
  if (::lstat(path_.c_str(), &status) == 0 && status.st_dev == device_ && status.st_ino == inode_) {
    ::unlink(path_.c_str());
  }
  path_.clear();
}

}  // namespace octobot::http
