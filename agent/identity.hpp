// Identity: the user a child runs as, looked up in the user database.
//
// Contract:
// - lookup_identity(name) reads the passwd entry (getpwnam_r) and the user's
//   groups (getgrouplist, primary group first). Errors: "user octobot does
//   not exist", "cannot look up user octobot: <OS error>".
// - Looked up in the parent before fork(), so a child only calls setgroups,
//   setgid and setuid (async-signal-safe) to take it on.
// - Nothing throws except std::bad_alloc.
#pragma once
#include "lib/result.hpp"

#include <string>
#include <vector>
#include <sys/types.h>

namespace octobot::agent {

struct Identity {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups, the primary group included
  std::string home;
  std::string shell;
};

Expected<Identity, std::string> lookup_identity(const std::string& name);

}  // namespace octobot::agent
