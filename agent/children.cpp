#include "agent/children.hpp"

#include "agent/child_environment.hpp"
#include "agent/identity.hpp"

#include <optional>

namespace octobot::agent {
namespace {

Expected<ChildSpec, std::string> make_spec(std::string name, const std::vector<std::string>& argv,
                                           const std::string& user, ChildRole role, const AgentConfig& config,
                                           const std::vector<std::string>& base_environment) {
  std::optional<Identity> identity;
  if (!user.empty()) {
    auto found = lookup_identity(user);
    if (!found) return std::string("cannot start the " + name + ": " + found.error());
    identity = std::move(*found);
  }
  const ProxySettings settings{config.proxy_url, config.no_proxy, config.ca_cert, config.ca_bundle};
  ChildSpec spec;
  spec.name = std::move(name);
  spec.main = role == ChildRole::agent_api;
  spec.request.argv = argv;
  spec.request.environment = child_environment(base_environment, role, settings, identity);
  spec.request.identity = std::move(identity);
  return spec;
}

}  // namespace

Expected<std::vector<ChildSpec>, std::string> child_specs(const AgentConfig& config,
                                                          const std::vector<std::string>& base_environment) {
  std::vector<ChildSpec> specs;
  if (!config.proxy_argv.empty()) {
    auto proxy = make_spec("proxy", config.proxy_argv, config.proxy_user, ChildRole::proxy, config, base_environment);
    if (!proxy) return proxy.error();
    specs.push_back(std::move(*proxy));
  }
  auto api = make_spec("agent-api", config.api_argv, config.agent_user, ChildRole::agent_api, config, base_environment);
  if (!api) return api.error();
  specs.push_back(std::move(*api));
  return specs;
}

}  // namespace octobot::agent
