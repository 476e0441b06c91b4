// The configuration in effect in a running proxy. The control API and SIGHUP
// change its policy (allow, deny, rules with credentials); everything else
// needs a restart. Secret files are read only from the configuration file
// (start-up, SIGHUP); the control API gives secrets inline or keeps current ones.
//
// Contract: every change is validated completely before anything is applied;
// on success the new Policy is installed in the Runtime at once (new requests
// use it, requests in flight finish with the old one); on failure nothing
// changes and the error says why. Thread-safe.
#pragma once
#include "proxy/config/proxy_config.hpp"
#include "proxy/server/runtime.hpp"

#include <memory>
#include <mutex>

namespace octobot::proxy {

class ConfigState {
 public:
  ConfigState(ProxyConfig config, std::shared_ptr<Runtime> runtime);

  nlohmann::json view() const;  // config_to_json(): secrets redacted
  Expected<void, ConfigError> replace(const nlohmann::json& body);
  Expected<void, ConfigError> patch(const nlohmann::json& body);
  // Reads the config file again (SIGHUP) and applies its policy. Settings
  // that need a restart (listen, api, ca, cache, limits) are reported in the
  // log when they differ and otherwise ignored; so are, silently, the command
  // line's threads and log.level.
  Expected<void, ConfigError> reload_file();

 private:
  void install(PolicyConfig policy);

  mutable std::mutex mutex_;
  ProxyConfig config_;
  std::shared_ptr<Runtime> runtime_;
};

}  // namespace octobot::proxy
