#include "lib/crypto/key_file.hpp"

#include "lib/crypto/crypto.hpp"
#include "lib/fs/file_io.hpp"
#include "lib/fs/staged_file.hpp"

#include <cerrno>

namespace octobot::crypto {
namespace {

using files::FsError;
using files::FsFailure;

constexpr std::size_t key_bytes = 32;
constexpr std::size_t max_key_file_size = 4096;

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// The key file's own wording for a failed read.
Error read_error(const std::string& path, const FsError& error) {
  const std::string os_text = files::errno_text(error.os_error);
  switch (error.failure) {
    case FsFailure::open: return Error{"cannot open key file " + path + ": " + os_text};
    case FsFailure::stat: return Error{"cannot stat key file " + path + ": " + os_text};
    case FsFailure::not_regular: return Error{"key file " + path + " is not a regular file"};
    case FsFailure::exposed_mode: return Error{"key file " + error.message};
    case FsFailure::too_large: return Error{"key file " + path + " is too large to hold a 32-byte key"};
    default: return Error{"cannot read key file " + path + ": " + os_text};
  }
}

// The key file's own wording for a failed write.
Error write_error(const std::string& path, const FsError& error) {
  const std::string verb = error.failure == FsFailure::write ? "write" : "create";
  return Error{"cannot " + verb + " key file " + path + ": " + files::errno_text(error.os_error)};
}

Expected<std::string, Error> create_key_file(const std::string& path) {
  std::string key = random_bytes(key_bytes);
  auto staged = files::StagedFile::write(path, base64_encode(key) + "\n", 0600);
  if (!staged) return write_error(path, staged.error());
  auto linked = staged->commit_if_absent();
  if (!linked && linked.error().os_error == EEXIST) return load_or_create_key_file(path);  // another process won the race
  if (!linked) return write_error(path, linked.error());
  return key;
}

}  // namespace

Expected<std::string, Error> decode_key(std::string_view base64) {
  const auto key = base64_decode(trim(base64));
  if (!key) return Error{"key is not valid base64"};
  if (key->size() != key_bytes) {
    return Error{"key must be 32 bytes (44 base64 characters), got " + std::to_string(key->size()) + " bytes"};
  }
  return *key;
}

Expected<std::string, Error> load_or_create_key_file(const std::string& path) {
  auto content = files::read_small_file(path, max_key_file_size, files::FileAccess::owner_only);
  if (!content && content.error().failure == FsFailure::open && content.error().os_error == ENOENT) {
    return create_key_file(path);
  }
  if (!content) return read_error(path, content.error());
  auto key = decode_key(*content);
  if (!key) return Error{"key file " + path + ": " + key.error().message};
  return key;
}

}  // namespace octobot::crypto
