// StagedFile: writing a file so that a crash leaves either no file or a
// complete one, never half of it.
//
// Contract:
// - write() puts `content` into a new temporary file "<path>.tmp-XXXXXX" in
//   the same directory as `path` (created with O_EXCL, exact `mode` whatever
//   the umask, fsync'ed). Errors: "cannot create <path>.tmp-XXXXXX: <OS error>"
//   (FsFailure::create) or "cannot write <temporary>: <OS error>" (write).
// - commit() renames the temporary file over `path` (FsFailure::rename,
//   "cannot move <temporary> to <path>: ...") and fsyncs the directory.
// - commit_if_absent() links it to `path` only if `path` does not exist yet:
//   FsFailure::link with os_error EEXIST when another file is already there.
// - A StagedFile destroyed before a successful commit removes its temporary
//   file. A failed commit leaves it to the destructor, so retrying is possible.
// - Nothing throws except std::bad_alloc.
#pragma once
#include "lib/fs/file_io.hpp"
#include "lib/result.hpp"

#include <string>
#include <string_view>
#include <sys/types.h>

namespace octobot::files {

class StagedFile {
 public:
  static Expected<StagedFile, FsError> write(const std::string& path, std::string_view content, mode_t mode);
  Expected<void, FsError> commit();
  Expected<void, FsError> commit_if_absent();

  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile();

 private:
  StagedFile(std::string path, std::string temporary_path)
      : path_(std::move(path)), temporary_path_(std::move(temporary_path)) {}
  void finish_commit();

  std::string path_;
  std::string temporary_path_;  // "" once committed or moved from
};

}  // namespace octobot::files
