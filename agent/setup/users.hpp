// ensure_user(): the container's users, created at start-up when the image
// does not have them (the users step).
//
// Contract:
// - A user that already exists (getpwnam) is left as it is, whatever its uid.
// - Otherwise useradd_argv() is run (argv only): a fixed uid, so that files
//   on the persistent /data volume keep their owner when the container is
//   recreated; a group of the same name (or the existing group of that name);
//   no home directory created (setup/home_dir.hpp prepares it). useradd is in
//   every Debian, minbase included ("passwd" is a required package), and it
//   writes /etc/passwd, /etc/group and /etc/shadow under their locks.
// - Errors: "useradd exited with status 4: useradd: UID 1000 is not unique".
#pragma once
#include "lib/result.hpp"

#include <string>
#include <vector>
#include <sys/types.h>

namespace octobot::agent {

struct UserSpec {
  std::string name;
  uid_t uid = 0;
  std::string home;
  std::string shell;
  bool system = false;        // a system account (no aging, not listed as a login user)
  bool group_exists = false;  // join the existing group `name` instead of creating it
};

// Pure.
std::vector<std::string> useradd_argv(const UserSpec& user);

Expected<void, std::string> ensure_user(UserSpec user);

}  // namespace octobot::agent
