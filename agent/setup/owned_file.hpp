// File helpers of the set-up steps: small files read whole, and written
// whole with an owner and a mode.
//
// Contract:
// - read_file(path): the whole content of a file, or a ReadError naming the
//   path ("cannot read /x: No such file or directory").
// - write_owned_file(path, content, mode, owner): writes `content` to a new
//   temporary file in the same directory (created with `mode`, exclusive),
//   gives it to `owner` (uid, gid) when given, sets `mode` exactly (no umask),
//   fsyncs it and renames it over `path`: readers see the old file or the
//   new one, never a part. A failure removes the temporary file. Errors name
//   the path.
// - append_to_file(path, content, mode): appends `content` with one write
//   (O_APPEND), creating the file with `mode` when missing; a file whose
//   last byte is not a newline gets one first.
#pragma once
#include "agent/identity.hpp"
#include "lib/result.hpp"

#include <optional>
#include <string>
#include <sys/types.h>

namespace octobot::agent {

struct ReadError {
  std::string message;
};

Expected<std::string, ReadError> read_file(const std::string& path);

Expected<void, std::string> write_owned_file(const std::string& path, const std::string& content, mode_t mode,
                                             const std::optional<Identity>& owner);

Expected<void, std::string> append_to_file(const std::string& path, const std::string& content, mode_t mode);

}  // namespace octobot::agent
