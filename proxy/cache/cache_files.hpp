// The registry cache's own POSIX file helpers: private directories, removal
// and nanosecond mtimes (temp files, complete writes, fsync and bounded reads
// come from lib/fs/file_io.hpp).
//
// Contract: every function reports failure as a value whose message names the
// path and the OS error; nothing throws (except std::bad_alloc). Descriptors
// are opened with O_CLOEXEC.
#pragma once
#include "lib/result.hpp"

#include <cstdint>
#include <string>

namespace octobot::proxy {

// Creates `path` (mode 0700) and any missing parents; succeeds if it already
// is a directory.
Expected<void, std::string> make_private_directory(const std::string& path);

// Sets the modification time (nanoseconds since the epoch); keeps the access time.
bool set_mtime_ns(int fd, std::int64_t mtime_ns);

// Current wall-clock time in nanoseconds since the epoch.
std::int64_t now_ns();

// unlink(); a missing file counts as success.
bool remove_file(const std::string& path);

// "<what> <path>: <strerror(error)>".
std::string os_error(const std::string& what, const std::string& path, int error);

}  // namespace octobot::proxy
