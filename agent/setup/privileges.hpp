// The last set-up step: what the agent gives up before starting any child.
//
// Contract:
// - drop_net_admin() removes CAP_NET_ADMIN from the capability bounding set
//   (prctl PR_CAPBSET_DROP; no program executed afterwards can regain it, even
//   as root), from the agent's own effective, permitted and inheritable sets
//   (capset), and clears the ambient set. Needs CAP_SETPCAP, which Docker
//   grants by default. Dropping a capability that is already absent is not an
//   error. So nothing in the container can change the firewall afterwards.
// - set_no_new_privs() sets PR_SET_NO_NEW_PRIVS: no child can gain
//   privileges through execve (setuid binaries, file capabilities). It is
//   inherited by every child and cannot be unset.
// - Errors name the call: "cannot drop CAP_NET_ADMIN from the bounding set:
//   Operation not permitted".
#pragma once
#include "lib/result.hpp"

#include <string>

namespace octobot::agent {

Expected<void, std::string> drop_net_admin();
Expected<void, std::string> set_no_new_privs();

}  // namespace octobot::agent
