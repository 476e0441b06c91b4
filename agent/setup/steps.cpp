#include "agent/setup/steps.hpp"

#include "agent/identity.hpp"
#include "agent/setup/firewall.hpp"
#include "agent/setup/home_dir.hpp"
#include "agent/setup/privileges.hpp"
#include "agent/setup/proxy_config.hpp"
#include "agent/setup/session_ca.hpp"
#include "agent/setup/users.hpp"
#include "agent/setup/workspace.hpp"

#include <algorithm>
#include <optional>

namespace octobot::agent {
namespace {

std::string home_of(const AgentConfig& config) { return config.data_dir + "/home"; }

// The user's identity, or nullopt for "" (the agent's own user).
Expected<std::optional<Identity>, std::string> identity_of(const std::string& user) {
  if (user.empty()) return std::optional<Identity>();
  auto identity = lookup_identity(user);
  if (!identity) return identity.error();
  return std::optional<Identity>(std::move(*identity));
}

Expected<void, std::string> create_users(const AgentConfig& config) {
  if (!config.agent_user.empty()) {
    if (auto made = ensure_user({config.agent_user, config.agent_uid, home_of(config), "/bin/bash", false}); !made) {
      return made;
    }
  }
  if (!config.proxy_user.empty()) {
    return ensure_user({config.proxy_user, config.proxy_uid, "/nonexistent", "/usr/sbin/nologin", true});
  }
  return {};
}

Expected<void, std::string> make_home(const AgentConfig& config) {
  auto owner = identity_of(config.agent_user);
  if (!owner) return owner.error();
  return prepare_home(config.data_dir, home_of(config), *owner);
}

Expected<void, std::string> make_workspace(const AgentConfig& config) {
  auto owner = identity_of(config.agent_user);
  if (!owner) return owner.error();
  auto outcome = prepare_workspace({config.source_dir, config.data_dir, config.session_id, *owner});
  if (!outcome) return outcome.error();
  return {};
}

Expected<void, std::string> make_session_ca(const AgentConfig& config) {
  const bool proxy = !config.proxy_argv.empty();
  if (proxy && config.proxy_token_sha256.empty()) {
    return std::string("OCTOBOT_PROXY_TOKEN_SHA256 is not set: the proxy's control API needs its token's SHA-256");
  }
  auto owner = identity_of(config.proxy_user);
  if (!owner) return owner.error();
  const std::string dir = proxy_state_dir(config);
  auto ca = prepare_session_ca({config.data_dir, dir, *owner, config.ca_cert, config.ca_bundle, config.session_id});
  if (!ca) return ca.error();
  if (!proxy) return {};
  return write_proxy_config({proxy_config_path(config), session_ca_cert_path(dir), session_ca_key_path(dir),
                             config.proxy_token_sha256, config.upstream_ca_file, *owner});
}

Expected<void, std::string> make_firewall(const AgentConfig& config) {
  if (config.proxy_user.empty()) return std::string("the firewall needs a proxy user (OCTOBOT_PROXY_USER)");
  auto proxy = lookup_identity(config.proxy_user);
  if (!proxy) return proxy.error();
  FirewallOptions options;
  options.proxy_uid = proxy->uid;
  return install_firewall(options);
}

Expected<void, std::string> restrict_privileges() {
  if (auto dropped = drop_net_admin(); !dropped) return dropped;
  return set_no_new_privs();
}

std::string known_names() {
  std::string text;
  for (const auto name : kStepNames) text += (text.empty() ? "" : ", ") + std::string(name);
  return text;
}

}  // namespace

Expected<std::vector<SetupStep>, std::string> plan_setup(const AgentConfig& config) {
  for (const auto& name : config.skip_steps) {
    if (std::find(kStepNames.begin(), kStepNames.end(), name) == kStepNames.end()) {
      return std::string("unknown set-up step '" + name + "' in OCTOBOT_SKIP_STEPS (known: " + known_names() + ")");
    }
  }
  std::vector<SetupStep> all;
  all.push_back({"users", [config] { return create_users(config); }});
  all.push_back({"home", [config] { return make_home(config); }});
  all.push_back({"workspace", [config] { return make_workspace(config); }});
  all.push_back({"session-ca", [config] { return make_session_ca(config); }});
  all.push_back({"firewall", [config] { return make_firewall(config); }});
  all.push_back({"privileges", [] { return restrict_privileges(); }});

  std::vector<SetupStep> steps;
  if (config.skip_setup) return steps;
  for (auto& step : all) {
    if (!config.skip_steps.contains(step.name)) steps.push_back(std::move(step));
  }
  return steps;
}

Expected<void, std::string> run_setup(const std::vector<SetupStep>& steps) {
  for (const auto& step : steps) {
    if (auto done = step.run(); !done) return std::string("set-up step '" + step.name + "' failed: " + done.error());
  }
  return {};
}

}  // namespace octobot::agent
