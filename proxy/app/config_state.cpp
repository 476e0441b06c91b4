#include "proxy/app/config_state.hpp"

#include "lib/log/log.hpp"

namespace octobot::proxy {

ConfigState::ConfigState(ProxyConfig config, std::shared_ptr<Runtime> runtime)
    : config_(std::move(config)), runtime_(std::move(runtime)) {}

nlohmann::json ConfigState::view() const {
  std::lock_guard lock(mutex_);
  return config_to_json(config_);
}

void ConfigState::install(PolicyConfig policy) {
  runtime_->set_policy(std::make_shared<const Policy>(policy));
  config_.policy = std::move(policy);
}

Expected<void, ConfigError> ConfigState::replace(const nlohmann::json& body) {
  std::lock_guard lock(mutex_);
  auto policy = replace_policy(body, config_.policy);
  if (!policy) return policy.error();
  install(std::move(*policy));
  return {};
}

Expected<void, ConfigError> ConfigState::patch(const nlohmann::json& body) {
  std::lock_guard lock(mutex_);
  auto policy = patch_policy(config_.policy, body);
  if (!policy) return policy.error();
  install(std::move(*policy));
  return {};
}

Expected<void, ConfigError> ConfigState::reload_file() {
  std::string source;
  {
    std::lock_guard lock(mutex_);
    source = config_.source;
  }
  auto loaded = load_proxy_config(source);
  if (!loaded) return loaded.error();
  std::lock_guard lock(mutex_);
  auto before = config_to_json(config_);
  auto after = config_to_json(*loaded);
  before.erase("allow"), before.erase("deny"), before.erase("rules");
  after.erase("allow"), after.erase("deny"), after.erase("rules");
  if (before != after) {
    log::warn("config reloaded: only allow, deny and rules change without a restart; other changes are ignored",
              nlohmann::json{{"file", source}});
  }
  install(std::move(loaded->policy));
  return {};
}

}  // namespace octobot::proxy
