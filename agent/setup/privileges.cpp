#include "agent/setup/privileges.hpp"

#include <cerrno>
#include <cstring>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace octobot::agent {
namespace {

std::string failure(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

Expected<void, std::string> drop_net_admin() {
  const int in_bounding_set = ::prctl(PR_CAPBSET_READ, CAP_NET_ADMIN, 0, 0, 0);
  if (in_bounding_set < 0) return failure("cannot read the capability bounding set");
  if (in_bounding_set == 1 && ::prctl(PR_CAPBSET_DROP, CAP_NET_ADMIN, 0, 0, 0) != 0) {
    return failure("cannot drop CAP_NET_ADMIN from the bounding set");
  }
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
    return failure("cannot clear the ambient capabilities");
  }

  __user_cap_header_struct header{};
  header.version = _LINUX_CAPABILITY_VERSION_3;
  header.pid = 0;
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (::syscall(SYS_capget, &header, data) != 0) return failure("cannot read the agent's capabilities");
  const unsigned index = CAP_TO_INDEX(CAP_NET_ADMIN);
  const unsigned mask = CAP_TO_MASK(CAP_NET_ADMIN);
  data[index].effective &= ~mask;
  data[index].permitted &= ~mask;
  data[index].inheritable &= ~mask;
  if (::syscall(SYS_capset, &header, data) != 0) return failure("cannot drop CAP_NET_ADMIN from the agent");
  return {};
}

Expected<void, std::string> set_no_new_privs() {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return failure("cannot set no_new_privs");
  return {};
}

}  // namespace octobot::agent
