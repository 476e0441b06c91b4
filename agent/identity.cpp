#include "agent/identity.hpp"

#include <cerrno>
#include <cstring>
#include <grp.h>
#include <pwd.h>

namespace octobot::agent {

Expected<Identity, std::string> lookup_identity(const std::string& name) {
  std::vector<char> buffer(16 * 1024);
  passwd entry{};
  passwd* found = nullptr;
  int rc = 0;
  while ((rc = ::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found)) == ERANGE &&
         buffer.size() < 1024 * 1024) {
    buffer.resize(buffer.size() * 2);
  }
  if (rc != 0) return std::string("cannot look up user " + name + ": " + std::strerror(rc));
  if (found == nullptr) return std::string("user " + name + " does not exist");

  Identity identity;
  identity.name = name;
  identity.uid = entry.pw_uid;
  identity.gid = entry.pw_gid;
  identity.home = entry.pw_dir != nullptr ? entry.pw_dir : "";
  identity.shell = entry.pw_shell != nullptr ? entry.pw_shell : "";

  int count = 32;
  identity.groups.resize(static_cast<std::size_t>(count));
  while (::getgrouplist(name.c_str(), identity.gid, identity.groups.data(), &count) < 0) {
    if (count <= static_cast<int>(identity.groups.size())) count = static_cast<int>(identity.groups.size()) * 2;
    if (count > 65536) return std::string("cannot look up the groups of user " + name + ": too many");
    identity.groups.resize(static_cast<std::size_t>(count));
  }
  identity.groups.resize(static_cast<std::size_t>(count));
  return identity;
}

}  // namespace octobot::agent
