// The control API's bearer token (api.token_file).
//
// Contract of read_api_token(config):
// - "" when the configuration has no control API (api.listen unset).
// - Otherwise the token: the first line of api.token_file without surrounding
//   spaces, tabs or CR.
// - Refused, with a message that starts with the config file and key and
//   names the token file: a file that cannot be read (missing, not a regular
//   file, over 64 KiB); a file that its group or others may access (any bit
//   of mode & 077: the message shows the mode and the chmod to run); a token
//   shorter than 16 characters, or with characters other than visible ASCII.
//   The message never contains the file's content.
// - `--check-config` and start-up both call it, so a configuration that
//   passes the check also starts.
#pragma once
#include "proxy/config/proxy_config.hpp"

#include <cstddef>
#include <string>

namespace octobot::proxy {

inline constexpr std::size_t kMinApiTokenLength = 16;

Expected<std::string, ConfigError> read_api_token(const ProxyConfig& config);

}  // namespace octobot::proxy
