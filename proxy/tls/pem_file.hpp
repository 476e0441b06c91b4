// Reading and writing the CA's PEM files (on top of lib/fs).
//
// Contract:
// - read_pem_file() reads a regular file of at most 1 MiB. With
//   FileAccess::owner_only (private keys) the file must also have no group or
//   other permission bits; otherwise the error names the file and its mode and
//   says how to fix it ("chmod 600 <path>"). Every error names the file.
// - StagedFile::write() writes `content` to a new temporary file in the same
//   directory as `path` (open(O_CREAT|O_EXCL), exact `mode` whatever the
//   umask, fsync'ed). commit() renames it over `path` and fsyncs the directory,
//   so a crash leaves either no file or a complete one, never half a key. A
//   StagedFile destroyed without commit() removes its temporary file.
// - Nothing here throws except on allocation failure.
#pragma once
#include "lib/fs/file_io.hpp"
#include "lib/fs/staged_file.hpp"
#include "lib/result.hpp"

#include <string>
#include <string_view>
#include <sys/types.h>
#include <utility>

namespace octobot::proxy {

using files::FileAccess;

struct PemText {
  std::string text;
};

Expected<PemText, std::string> read_pem_file(const std::string& path, FileAccess access);

class StagedFile {
 public:
  static Expected<StagedFile, std::string> write(const std::string& path, std::string_view content, mode_t mode);
  Expected<void, std::string> commit();

 private:
  explicit StagedFile(files::StagedFile staged) : staged_(std::move(staged)) {}
  files::StagedFile staged_;
};

}  // namespace octobot::proxy
