#include "lib/fs/file_io.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <vector>

namespace octobot::files {
namespace {

FsError os_failure(FsFailure failure, std::string what, int error) {
  return FsError{failure, error, what + ": " + errno_text(error)};
}

FsError read_failure(FsFailure failure, const std::string& path, int error) {
  return os_failure(failure, "cannot read " + path, error);
}

FsError too_large(const std::string& path, std::size_t max_bytes) {
  return FsError{FsFailure::too_large, 0, "cannot read " + path + ": larger than " + std::to_string(max_bytes) + " bytes"};
}

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

Expected<void, FsError> check_file(const struct stat& info, const std::string& path, std::size_t max_bytes,
                                   FileAccess access) {
  if (!S_ISREG(info.st_mode)) return FsError{FsFailure::not_regular, 0, "cannot read " + path + ": not a regular file"};
  if (access == FileAccess::owner_only && (info.st_mode & 077) != 0) {
    return FsError{FsFailure::exposed_mode, 0,
                   path + " has mode " + octal_mode(info.st_mode) +
                       " (group or others can access it); run: chmod 600 " + path};
  }
  if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) return too_large(path, max_bytes);
  return {};
}

Expected<std::string, FsError> read_to_end(int fd, const std::string& path, std::size_t max_bytes) {
  std::string content;
  char buffer[8192];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return read_failure(FsFailure::read, path, errno);
    if (n == 0) return content;
    content.append(buffer, static_cast<std::size_t>(n));
    if (content.size() > max_bytes) return too_large(path, max_bytes);  // it grew while we read
  }
}

}  // namespace

std::string errno_text(int error) { return std::generic_category().message(error); }

Expected<std::string, FsError> read_small_file(const std::string& path, std::size_t max_bytes, FileAccess access,
                                               Symlinks symlinks) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  const int no_follow = symlinks == Symlinks::refuse ? O_NOFOLLOW : 0;
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | no_follow));
  if (!fd) return read_failure(FsFailure::open, path, errno);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return read_failure(FsFailure::stat, path, errno);
  if (auto checked = check_file(info, path, max_bytes, access); !checked) return checked.error();
  return read_to_end(fd.get(), path, max_bytes);
}

Expected<TempFile, FsError> create_temp_file(const std::string& path_prefix, const std::string& suffix) {
  const std::string pattern = path_prefix + "XXXXXX" + suffix;
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  UniqueFd fd(::mkostemps(buffer.data(), static_cast<int>(suffix.size()), O_CLOEXEC));
  if (!fd) return os_failure(FsFailure::create, "cannot create " + pattern, errno);
  return TempFile{std::move(fd), std::string(buffer.data())};
}

Expected<void, FsError> write_all(int fd, std::string_view data, const std::string& path_for_errors) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return os_failure(FsFailure::write, "cannot write " + path_for_errors, written < 0 ? errno : EIO);
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

Expected<void, FsError> sync_file(int fd, const std::string& path_for_errors) {
  if (::fsync(fd) == 0) return {};
  return os_failure(FsFailure::sync, "cannot fsync " + path_for_errors, errno);
}

Expected<void, FsError> sync_directory(const std::string& directory) {
  const UniqueFd fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) return os_failure(FsFailure::open, "cannot open directory " + directory, errno);
  return sync_file(fd.get(), directory);
}

}  // namespace octobot::files
