// Base64 (RFC 4648 §4, with padding) and base64url (§5, no padding) codecs.
//
// Contract: encoders never fail. Decoders are strict and return nullopt on any
// character outside the alphabet, whitespace, a wrong length, misplaced padding
// or non-zero trailing bits, so that each byte string has exactly one encoding.
// base64url_decode also accepts padded input.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace octobot::crypto {

std::string base64_encode(std::string_view data);
std::optional<std::string> base64_decode(std::string_view text);

std::string base64url_encode(std::string_view data);
std::optional<std::string> base64url_decode(std::string_view text);

// Lowercase hex.
std::string hex_encode(std::string_view data);

}  // namespace octobot::crypto
