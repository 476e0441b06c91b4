// Small POSIX file helpers shared by lib/ and proxy/ (library octobot_fs;
// namespace octobot::files, not ::fs, which code uses for std::filesystem).
//
// Contract:
// - Failures are values: FsError says which step failed (`failure`), the OS
//   error if there was one (`os_error`, else 0) and a message naming the path.
//   Callers with their own wording build it from `failure` and `os_error`.
// - read_small_file() reads a regular file (never a FIFO or device; opening
//   does not block) of at most `max_bytes`, also if it grows while being read.
//   FileAccess::owner_only also refuses a file with any group or other
//   permission bit; that message names the file and its mode and says how to
//   fix it: "<path> has mode 0644 (group or others can access it); run:
//   chmod 600 <path>". Symlinks::refuse refuses a symbolic link (O_NOFOLLOW).
//   Other messages: "cannot read <path>: <OS error | not a regular file |
//   larger than N bytes>".
// - create_temp_file() creates "<path_prefix>XXXXXX<suffix>" with O_EXCL, mode
//   0600, opened read-write.
// - write_all() writes every byte (retrying partial writes and EINTR);
//   sync_file() fsyncs a descriptor; sync_directory() fsyncs a directory.
// - Descriptors are opened with O_CLOEXEC. Nothing throws except std::bad_alloc.
#pragma once
#include "lib/fs/unique_fd.hpp"
#include "lib/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace octobot::files {

enum class FsFailure { open, stat, not_regular, exposed_mode, too_large, read, create, write, sync, rename, link };

struct FsError {
  FsFailure failure;
  int os_error = 0;     // errno when the OS refused the step, else 0
  std::string message;  // "cannot read /etc/x: No such file or directory"
};

enum class FileAccess { any, owner_only };
enum class Symlinks { follow, refuse };

struct TempFile {
  UniqueFd fd;
  std::string path;
};

// The OS's text for an errno value ("No such file or directory").
std::string errno_text(int error);

Expected<std::string, FsError> read_small_file(const std::string& path, std::size_t max_bytes,
                                               FileAccess access = FileAccess::any,
                                               Symlinks symlinks = Symlinks::follow);

Expected<TempFile, FsError> create_temp_file(const std::string& path_prefix, const std::string& suffix = "");

Expected<void, FsError> write_all(int fd, std::string_view data, const std::string& path_for_errors);
Expected<void, FsError> sync_file(int fd, const std::string& path_for_errors);
Expected<void, FsError> sync_directory(const std::string& directory);

}  // namespace octobot::files
