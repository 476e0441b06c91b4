// prepare_home(): the agent user's home directory on the session volume
// (<data-dir>/home), kept across container restarts.
//
// Contract:
// - Creates `data_dir` (0755) and `home` (0700) when missing. A home that
//   exists is reused with its content; it must be a real directory (a symbolic
//   link is refused).
// - With an owner, the home directory itself (not its content) is given to
//   the owner's uid and gid and set to 0700, also when it existed.
// - Errors name the path: "cannot create /data/home: Permission denied".
#pragma once
#include "agent/identity.hpp"
#include "lib/result.hpp"

#include <optional>
#include <string>

namespace octobot::agent {

Expected<void, std::string> prepare_home(const std::string& data_dir, const std::string& home,
                                         const std::optional<Identity>& owner);

}  // namespace octobot::agent
