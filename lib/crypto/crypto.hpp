// Cryptographic primitives on OpenSSL 3: randomness, identifiers, hashing and
// comparison. Base64 lives in encoding.hpp, AES-256-GCM in secret_box.hpp and
// the key file in key_file.hpp; this header includes all three.
//
// Contract: randomness comes from the OpenSSL CSPRNG; a CSPRNG failure is not
// recoverable and throws std::runtime_error (it does not happen on a working
// system). Nothing else here throws except on allocation failure.
#pragma once
#include "lib/crypto/encoding.hpp"
#include "lib/crypto/key_file.hpp"
#include "lib/crypto/secret_box.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace octobot::crypto {

// n random bytes.
std::string random_bytes(std::size_t n);
// base64url (no padding) of `bytes` random bytes: safe in URLs, headers, file names.
std::string random_token(std::size_t bytes = 32);

// Random (version 4, RFC 9562) UUID in lowercase 8-4-4-4-12 form.
std::string uuid_v4();
// True for the 8-4-4-4-12 hex form in either case; the version is not checked.
bool is_uuid(std::string_view text);

// SHA-256 as 32 raw bytes / 64 lowercase hex digits.
std::string sha256(std::string_view data);
std::string sha256_hex(std::string_view data);
// HMAC-SHA-256 as 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Compares in time that depends only on the lengths (never on where they differ).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace octobot::crypto
