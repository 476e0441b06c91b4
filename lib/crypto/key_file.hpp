// The server's master key (for SecretBox) kept in a file.
//
// Contract of load_or_create_key_file(path):
// - If the file exists it must be a regular file that neither group nor others
//   can read or write (mode 0600 or stricter), holding the base64 of exactly 32
//   bytes (surrounding whitespace ignored). Anything else is an error whose
//   message names the file and says how to fix it; the file is never modified.
// - If it does not exist, a new random key is written to a temporary file in
//   the same directory (created with O_EXCL, mode 0600 regardless of umask),
//   fsync'ed, and linked into place atomically, then the directory is fsync'ed.
//   If another process creates the file first, that file is loaded instead.
//   The directory itself is not created.
// - Returns the 32 raw key bytes. Never throws (except on allocation failure).
#pragma once
#include "lib/crypto/error.hpp"
#include "lib/result.hpp"

#include <string>
#include <string_view>

namespace octobot::crypto {

Expected<std::string, Error> load_or_create_key_file(const std::string& path);

// Decodes a base64 32-byte key given directly (e.g. through configuration).
Expected<std::string, Error> decode_key(std::string_view base64);

}  // namespace octobot::crypto
