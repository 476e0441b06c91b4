// The control API's bearer token: api.token_file or api.token_sha256.
//
// Contract of read_api_token(config):
// - An ApiToken that matches nothing when the configuration has no control
//   API (api.listen unset).
// - api.token_sha256 (64 hex digits, checked by the config reader): the
//   token is known only by its SHA-256; nothing is read.
// - api.token_file: the token is the first line of the file without
//   surrounding spaces, tabs or CR. Refused, with a message that starts with
//   the config file and key and names the token file: a file that cannot be
//   read (missing, not a regular file, over 64 KiB); a file that its group or
//   others may access (any bit of mode & 077: the message shows the mode and
//   the chmod to run); a token shorter than 16 characters, or with characters
//   other than visible ASCII. The message never contains the file's content.
// - `--check-config` and start-up both call it, so a configuration that
//   passes the check also starts.
//
// Contract of ApiToken::matches(bearer): true when SHA-256(bearer) equals the
// token's SHA-256, compared in constant time (the time depends on neither
// the token nor where a wrong one differs). Only the digest is kept.
#pragma once
#include "proxy/config/proxy_config.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace octobot::proxy {

inline constexpr std::size_t kMinApiTokenLength = 16;

class ApiToken {
 public:
  ApiToken() = default;  // matches nothing
  static ApiToken from_token(std::string_view token);
  // `hex`: 64 hex digits (as the config reader checked them).
  static ApiToken from_sha256_hex(std::string_view hex);

  bool matches(std::string_view bearer) const;

 private:
  std::string sha256_hex_;  // lowercase; "" matches nothing
};

Expected<ApiToken, ConfigError> read_api_token(const ProxyConfig& config);

}  // namespace octobot::proxy
