#include "lib/config/layers.hpp"

#include <cctype>
#include <stdexcept>

extern char** environ;

namespace octobot::config {
namespace {

bool valid_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return name.find("..") == std::string_view::npos;
}

// Applies `layer` over `into`: a setting in `layer` replaces the lower one.
void overlay(Settings& into, Settings layer) {
  for (auto& [name, setting] : layer) into.insert_or_assign(name, std::move(setting));
}

Settings defaults(const Schema& schema) {
  Settings settings;
  for (const Option& option : schema.options()) {
    if (!option.default_value) continue;
    settings.emplace(option.name, Setting{*parse_value(option.type, *option.default_value), Source::default_value,
                                          "default"});
  }
  return settings;
}

// The first file option a flag or the environment sets, else the first one's
// default; an empty path when there is none.
ConfigFile config_file(const Schema& schema, const Settings& merged) {
  const auto& names = schema.config_file_options();
  for (const std::string& name : names) {
    const auto it = merged.find(name);
    if (it != merged.end() && it->second.source != Source::default_value) {
      return {name, std::get<std::string>(it->second.value), false};
    }
  }
  if (names.empty()) return {};
  const auto it = merged.find(names.front());
  if (it == merged.end()) return {};
  return {names.front(), std::get<std::string>(it->second.value), true};
}

}  // namespace

Error make_error(std::string key, std::string what, std::string file, int line) {
  std::string message = file.empty() ? what : file + ":" + std::to_string(line) + ": " + what;
  return Error{std::move(key), std::move(file), line, std::move(message)};
}

Expected<Setting, Error> make_setting(const Option& option, std::string_view text, Source source,
                                      std::string origin, std::string key, std::string file, int line) {
  auto value = parse_value(option.type, text);
  if (!value) return make_error(key, key + ": " + invalid_value_message(option.type, text), std::move(file), line);
  return Setting{std::move(*value), source, std::move(origin)};
}

Environment process_environment(std::string_view prefix) {
  Environment env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto equals = text.find('=');
    if (equals == std::string_view::npos || !text.starts_with(prefix)) continue;
    env.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
  }
  return env;
}

std::vector<std::string> arguments(int argc, const char* const* argv, int first) {
  std::vector<std::string> args;
  for (int i = first; i < argc; ++i) args.emplace_back(argv[i]);
  return args;
}

std::string flag_name(std::string_view option_name) {
  std::string flag = "--";
  for (char c : option_name) flag += (c == '.' || c == '_') ? '-' : c;
  return flag;
}

std::string env_name(std::string_view prefix, std::string_view option_name) {
  std::string name(prefix);
  for (char c : option_name) {
    name += (c == '.' || c == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

Schema::Schema(std::string env_prefix) : env_prefix_(std::move(env_prefix)) {}

Schema& Schema::add(Option option) {
  if (!valid_name(option.name)) throw std::logic_error("config: invalid option name \"" + option.name + "\"");
  if (option.name == "help") throw std::logic_error("config: \"help\" is reserved");
  if (find(option.name) || find_by_flag(flag_name(option.name))) {
    throw std::logic_error("config: option \"" + option.name + "\" declared twice");
  }
  if (option.default_value && !parse_value(option.type, *option.default_value)) {
    throw std::logic_error("config: default of \"" + option.name + "\": " +
                           invalid_value_message(option.type, *option.default_value));
  }
  options_.push_back(std::move(option));
  return *this;
}

Schema& Schema::config_file_option(std::string name) {
  const Option* option = find(name);
  if (!option || option->type != Type::string) {
    throw std::logic_error("config: config file option \"" + name + "\" must be a declared string option");
  }
  config_file_options_.push_back(std::move(name));
  return *this;
}

Schema& Schema::config_file_keys(FileKeys keys) {
  config_file_keys_ = keys;
  return *this;
}

const Option* Schema::find(std::string_view name) const {
  for (const Option& option : options_) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

const Option* Schema::find_by_flag(std::string_view flag) const {
  for (const Option& option : options_) {
    if (flag_name(option.name) == flag) return &option;
  }
  return nullptr;
}

bool Config::has(std::string_view name) const { return settings_.find(name) != settings_.end(); }

const Setting& Config::setting(std::string_view name) const {
  const auto it = settings_.find(name);
  if (it == settings_.end()) throw std::logic_error("config: option \"" + std::string(name) + "\" is not set");
  return it->second;
}

template <class T>
const T& Config::get(std::string_view name) const {
  const T* value = std::get_if<T>(&setting(name).value);
  if (!value) throw std::logic_error("config: option \"" + std::string(name) + "\" read with the wrong type");
  return *value;
}

const std::string& Config::get_string(std::string_view name) const { return get<std::string>(name); }
std::int64_t Config::get_int(std::string_view name) const { return get<std::int64_t>(name); }
bool Config::get_bool(std::string_view name) const { return get<bool>(name); }
std::chrono::milliseconds Config::get_duration(std::string_view name) const {
  return get<std::chrono::milliseconds>(name);
}

Expected<Config, Error> load(const Schema& schema, const std::vector<std::string>& args, const Environment& env) {
  auto flags = read_flags(schema, args);
  if (!flags) return flags.error();
  auto environment = read_environment(schema, env);
  if (!environment) return environment.error();

  Config config;
  config.positional_ = std::move(flags->positional);
  config.help_requested_ = flags->help;
  config.settings_ = defaults(schema);
  Settings upper = std::move(*environment);
  overlay(upper, std::move(flags->settings));

  Settings path_layers = config.settings_;
  overlay(path_layers, upper);
  const ConfigFile file_choice = config_file(schema, path_layers);
  if (!file_choice.path.empty() && !config.help_requested_) {
    auto file = read_yaml_file(schema, file_choice);
    if (!file) return file.error();
    overlay(config.settings_, std::move(*file));
  }
  overlay(config.settings_, std::move(upper));
  return config;
}

}  // namespace octobot::config
