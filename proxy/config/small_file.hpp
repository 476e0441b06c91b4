// Reading small regular files whole, with a size cap (internal to proxy/config).
//
// Only regular files are read (a FIFO or device could block or never end);
// symbolic links are followed. Errors name the file and the reason.
#pragma once
#include "lib/result.hpp"

#include <cstddef>
#include <string>

namespace octobot::proxy {

struct FileError {
  std::string message;  // "cannot read /etc/x: No such file or directory"
};

Expected<std::string, FileError> read_small_file(const std::string& path, std::size_t max_bytes);

}  // namespace octobot::proxy
