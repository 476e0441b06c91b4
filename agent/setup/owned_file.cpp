#include "agent/setup/owned_file.hpp"

#include "lib/fs/unique_fd.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace octobot::agent {
namespace {

using files::UniqueFd;

std::string failure(const std::string& what, const std::string& path, int error) {
  return what + " " + path + ": " + std::strerror(error);
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Writes, owns, sets the mode and syncs the open temporary file.
Expected<void, std::string> fill(int fd, const std::string& path, const std::string& content, mode_t mode,
                                 const std::optional<Identity>& owner) {
  if (!write_all(fd, content)) return failure("cannot write", path, errno);
  if (owner && ::fchown(fd, owner->uid, owner->gid) != 0) {
    return std::string("cannot give " + path + " to " + owner->name + ": " + std::strerror(errno));
  }
  if (::fchmod(fd, mode) != 0) return failure("cannot set the mode of", path, errno);
  if (::fsync(fd) != 0) return failure("cannot write", path, errno);
  return {};
}

}  // namespace

Expected<std::string, ReadError> read_file(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return ReadError{failure("cannot read", path, errno)};
  std::string content;
  char buffer[16384];
  while (true) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ReadError{failure("cannot read", path, errno)};
    if (n == 0) return content;
    content.append(buffer, static_cast<std::size_t>(n));
  }
}

Expected<void, std::string> write_owned_file(const std::string& path, const std::string& content, mode_t mode,
                                             const std::optional<Identity>& owner) {
  std::string temporary = path + ".tmp-XXXXXX";
  UniqueFd fd(::mkostemp(temporary.data(), O_CLOEXEC));
  if (!fd) return failure("cannot create", temporary, errno);
  auto filled = fill(fd.get(), temporary, content, mode, owner);
  fd.reset();
  if (filled && ::rename(temporary.c_str(), path.c_str()) != 0) filled = failure("cannot rename to", path, errno);
  if (!filled) ::unlink(temporary.c_str());
  return filled;
}

Expected<void, std::string> append_to_file(const std::string& path, const std::string& content, mode_t mode) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, mode));
  if (!fd) return failure("cannot open", path, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return failure("cannot read", path, errno);
  std::string text = content;
  char last = '\n';
  if (st.st_size > 0 && ::pread(fd.get(), &last, 1, st.st_size - 1) != 1) return failure("cannot read", path, errno);
  if (last != '\n') text.insert(text.begin(), '\n');
  if (!write_all(fd.get(), text)) return failure("cannot write", path, errno);
  return {};
}

}  // namespace octobot::agent
