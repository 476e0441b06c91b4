// Small POSIX file helpers for the registry cache: private directories, temp
// files, complete writes, fsync of directories and nanosecond mtimes.
//
// Contract: every function reports failure as a value whose message names the
// path and the OS error; nothing throws (except std::bad_alloc). Descriptors
// are opened with O_CLOEXEC.
#pragma once
#include "lib/result.hpp"
#include "proxy/cache/unique_fd.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace octobot::proxy {

struct TempFile {
  UniqueFd fd;
  std::string path;
};

// Creates `path` (mode 0700) and any missing parents; succeeds if it already
// is a directory.
Expected<void, std::string> make_private_directory(const std::string& path);

// Creates a new file "<directory>/<prefix>XXXXXX<suffix>" (mode 0600, opened read-write).
Expected<TempFile, std::string> create_temp_file(const std::string& directory, const std::string& prefix,
                                                 const std::string& suffix = "");

// Writes every byte, retrying after partial writes and EINTR.
Expected<void, std::string> write_all(int fd, std::span<const char> data);

Expected<void, std::string> sync_file(int fd, const std::string& path_for_errors);
Expected<void, std::string> sync_directory(const std::string& path);

// Sets the modification time (nanoseconds since the epoch); keeps the access time.
bool set_mtime_ns(int fd, std::int64_t mtime_ns);

// Current wall-clock time in nanoseconds since the epoch.
std::int64_t now_ns();

// Whole file if it is a regular file of at most max_bytes, else nullopt.
std::optional<std::string> read_meta_file(const std::string& path, std::size_t max_bytes);

// unlink(); a missing file counts as success.
bool remove_file(const std::string& path);

// "<what> <path>: <strerror(error)>".
std::string os_error(const std::string& what, const std::string& path, int error);

}  // namespace octobot::proxy
