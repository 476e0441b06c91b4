#include "lib/fs/staged_file.hpp"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace octobot::files {
namespace {

std::string directory_of(const std::string& path) {
  std::string directory = std::filesystem::path(path).parent_path().string();
  return directory.empty() ? "." : directory;
}

FsError commit_failure(FsFailure failure, const std::string& verb, const std::string& from, const std::string& to,
                       int error) {
  return FsError{failure, error, "cannot " + verb + " " + from + " to " + to + ": " + errno_text(error)};
}

}  // namespace

Expected<StagedFile, FsError> StagedFile::write(const std::string& path, std::string_view content, mode_t mode) {
  auto temporary = create_temp_file(path + ".tmp-");
  if (!temporary) return temporary.error();
  StagedFile staged(path, temporary->path);  // from here on the temporary file is removed on failure
  const int fd = temporary->fd.get();
  if (::fchmod(fd, mode) != 0) {
    return FsError{FsFailure::write, errno, "cannot write " + temporary->path + ": " + errno_text(errno)};
  }
  if (auto written = write_all(fd, content, temporary->path); !written) return written.error();
  if (auto synced = sync_file(fd, temporary->path); !synced) {
    return FsError{FsFailure::write, synced.error().os_error,
                   "cannot write " + temporary->path + ": " + errno_text(synced.error().os_error)};
  }
  return staged;
}

Expected<void, FsError> StagedFile::commit() {
  if (::rename(temporary_path_.c_str(), path_.c_str()) != 0) {
    return commit_failure(FsFailure::rename, "move", temporary_path_, path_, errno);
  }
  temporary_path_.clear();
  finish_commit();
  return {};
}

Expected<void, FsError> StagedFile::commit_if_absent() {
  if (::link(temporary_path_.c_str(), path_.c_str()) != 0) {
    return commit_failure(FsFailure::link, "link", temporary_path_, path_, errno);
  }
  ::unlink(std::exchange(temporary_path_, std::string()).c_str());
  finish_commit();
  return {};
}

// Best effort: the file is in place either way; the directory fsync makes its
// name durable.
void StagedFile::finish_commit() { (void)sync_directory(directory_of(path_)); }

StagedFile::StagedFile(StagedFile&& other) noexcept
    : path_(std::move(other.path_)), temporary_path_(std::exchange(other.temporary_path_, std::string())) {}

StagedFile::~StagedFile() {
  if (!temporary_path_.empty()) ::unlink(temporary_path_.c_str());
}

}  // namespace octobot::files
