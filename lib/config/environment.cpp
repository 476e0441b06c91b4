// The environment layer: OCTOBOT_<NAME> per option; empty variables are unset.
#include "lib/config/layers.hpp"

namespace octobot::config {

Expected<Settings, Error> read_environment(const Schema& schema, const Environment& env) {
  Settings settings;
  for (const Option& option : schema.options()) {
    const std::string variable = env_name(schema.env_prefix(), option.name);
    const auto it = env.find(variable);
    if (it == env.end() || it->second.empty()) continue;
    auto setting = make_setting(option, it->second, Source::environment, variable, variable);
    if (!setting) return setting.error();
    settings.emplace(option.name, std::move(*setting));
  }
  return settings;
}

}  // namespace octobot::config
