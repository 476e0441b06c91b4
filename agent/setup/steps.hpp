// The set-up steps the agent runs, in order, before it starts any child.
//
// Contract:
// - plan_setup() returns the steps to run, in this order, without the ones
//   the configuration skips (skip_setup skips all; skip_steps names some):
//     users       create the agent user and the proxy user if missing
//     home        <data-dir>/home, owned by the agent user
//     workspace   <data-dir>/workspace on branch octobot/<session-id>
//     session-ca  <data-dir>/proxy (the proxy user's, 0700): the session
//                 CA, generated once per volume and installed in the trust
//                 store (config.ca_cert, config.ca_bundle; setup/session_ca.hpp),
//                 then, unless the proxy argv is [], the proxy's
//                 <data-dir>/proxy/proxy.yaml (setup/proxy_config.hpp), which
//                 needs config.proxy_token_sha256 (OCTOBOT_PROXY_TOKEN_SHA256)
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

inline constexpr std::array<std::string_view, 6> kStepNames = {"users",      "home",     "workspace",
                                                               "session-ca", "firewall", "privileges"};

Expected<std::vector<SetupStep>, std::string> plan_setup(const AgentConfig& config);

Expected<void, std::string> run_setup(const std::vector<SetupStep>& steps);

}  // namespace octobot::agent
