#include "proxy/tls/pem_file.hpp"

namespace octobot::proxy {
namespace {

using files::FsError;
using files::FsFailure;

constexpr std::size_t max_pem_file_size = 1 << 20;

// The PEM files' own wording for a failed read.
std::string read_error(const std::string& path, const FsError& error) {
  const std::string os_text = files::errno_text(error.os_error);
  switch (error.failure) {
    case FsFailure::open: return "cannot open " + path + ": " + os_text;
    case FsFailure::stat: return "cannot stat " + path + ": " + os_text;
    case FsFailure::not_regular: return path + " is not a regular file";
    case FsFailure::exposed_mode: return "private key file " + error.message;
    case FsFailure::too_large: return path + " is too large for a PEM file";
    default: return "cannot read " + path + ": " + os_text;
  }
}

}  // namespace

Expected<PemText, std::string> read_pem_file(const std::string& path, FileAccess access) {
  auto content = files::read_small_file(path, max_pem_file_size, access);
  if (!content) return read_error(path, content.error());
  return PemText{std::move(*content)};
}

Expected<StagedFile, std::string> StagedFile::write(const std::string& path, std::string_view content, mode_t mode) {
  auto staged = files::StagedFile::write(path, content, mode);
  if (!staged) return staged.error().message;
  return StagedFile(std::move(*staged));
}

Expected<void, std::string> StagedFile::commit() {
  if (auto committed = staged_.commit(); !committed) return committed.error().message;
  return {};
}

}  // namespace octobot::proxy
