// The set-up steps the agent runs, in order, before it starts any child.
//
// Contract:
// - plan_setup() returns the steps to run, in this order, without the ones
//   the configuration skips (skip_setup skips all; skip_steps names some):
//     users       create the agent user and the proxy user if missing
//     home        <data-dir>/home, owned by the agent user
//     workspace   <data-dir>/workspace on branch octobot/<session-id>
//     session-ca  the hook SetupHooks::session_ca, when one is given: it
//                 generates the session CA and installs it in the trust
//                 store (config.ca_cert, config.ca_bundle). It runs after the
//                 users and files exist and before the firewall, so it can
//                 still use the network namespace's capabilities.
//     firewall    the egress firewall (needs CAP_NET_ADMIN)
//     privileges  drop CAP_NET_ADMIN from the bounding set, set no_new_privs
//   kStepNames lists the names; an unknown name in skip_steps is an error
//   ("unknown set-up step 'fw' in OCTOBOT_SKIP_STEPS (known: ...)").
// - run_setup() runs the steps in order and stops at the first failure:
//   "set-up step 'workspace' failed: <what failed>".
// - Each step is also callable on its own (setup/*.hpp) for tests.
#pragma once
#include "agent/config.hpp"
#include "lib/result.hpp"

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace octobot::agent {

using StepAction = std::function<Expected<void, std::string>()>;

struct SetupStep {
  std::string name;
  StepAction run;
};

struct SetupHooks {
  StepAction session_ca;  // empty: the session-ca step is left out
};

inline constexpr std::array<std::string_view, 6> kStepNames = {"users",      "home",     "workspace",
                                                               "session-ca", "firewall", "privileges"};

Expected<std::vector<SetupStep>, std::string> plan_setup(const AgentConfig& config, const SetupHooks& hooks = {});

Expected<void, std::string> run_setup(const std::vector<SetupStep>& steps);

}  // namespace octobot::agent
