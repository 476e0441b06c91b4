// Layered program configuration: flags > environment > YAML file > defaults.
//
// A program declares its options in a Schema. Each option has a name such as
// "listen" or "log.level", from which the other spellings follow:
//   flag  --listen, --log-level         (dots and underscores become dashes)
//   env   OCTOBOT_LISTEN, OCTOBOT_LOG_LEVEL (prefix configurable)
//   YAML  listen: ..., log: {level: ...} (dots are nested mappings)
//
// Contract of load():
// - Flags: "--name value" and "--name=value"; a boolean flag alone means true
//   and takes a value only as "--name=false". "--" ends the flags; every other
//   argument not starting with '-' is positional and kept, in order, for the
//   caller. "-h"/"--help" set help_requested() and skip the YAML file.
// - Environment: variables that are empty count as unset; variables with the
//   prefix that match no option are ignored (other programs may share them).
// - YAML file: its path is the value of the option named by
//   Schema::config_file_option (flag, environment or default). A missing file
//   is an error unless the path is only the default. It is read with
//   parse_yaml() (yaml.hpp: at most 1 MiB, one document, no duplicate keys).
//   With FileKeys::options (the default) every key must be a declared option
//   or a section of them, and the top level a mapping. With FileKeys::shared
//   the file is also the program's own configuration (octobot-proxy's): keys
//   that name no option, and a top level or section of another shape, are
//   left to the program to check. Either way the value of an option must be a
//   scalar of the option's type.
// - Every value, in every layer (not only the winning one), must parse as the
//   option's type. An option without a default that no layer sets is absent
//   (has() is false).
// - Errors are values naming the culprit: the flag, the variable, or the YAML
//   file, line and key. Nothing throws except for programming errors: declaring
//   an invalid or duplicate option, or reading an undeclared option or one with
//   another type (std::logic_error).
#pragma once
#include "lib/config/value.hpp"
#include "lib/result.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace octobot::config {

struct Option {
  std::string name;  // "listen", "log.level": lowercase letters, digits, '_', '-', '.'
  Type type = Type::string;
  std::optional<std::string> default_value;  // text in the type's syntax; nullopt: absent unless set
  std::string help;
  std::string value_name;  // placeholder in --help, e.g. "addr"; defaults to the type name
};

enum class Source { default_value, file, environment, flag };

// Who owns the keys of the YAML file (see load()).
enum class FileKeys { options, shared };

struct Error {
  std::string key;      // the flag, variable or YAML key at fault ("" when none applies)
  std::string file;     // the YAML file, when the error is in it
  int line = 0;         // 1-based line in `file`, 0 when unknown
  std::string message;  // complete text, e.g. "octobot.yaml:3: unknown key \"lisen\""
};

using Environment = std::map<std::string, std::string, std::less<>>;

// The process environment (variables starting with `prefix` only).
Environment process_environment(std::string_view prefix = "OCTOBOT_");
// argv[first..argc) as strings.
std::vector<std::string> arguments(int argc, const char* const* argv, int first = 1);

std::string flag_name(std::string_view option_name);
std::string env_name(std::string_view prefix, std::string_view option_name);

class Schema {
 public:
  explicit Schema(std::string env_prefix = "OCTOBOT_");

  // Declares an option; throws std::logic_error on a bad name, a duplicate or a
  // default that does not parse.
  Schema& add(Option option);
  // Names a declared string option holding the YAML file's path. Named again
  // for another option (octobot-proxy: --check-config, then --config), the
  // file is the value of the first named option that a flag or the
  // environment sets, else the first named option's default.
  Schema& config_file_option(std::string name);
  Schema& config_file_keys(FileKeys keys);

  const std::vector<Option>& options() const { return options_; }
  const Option* find(std::string_view name) const;
  const Option* find_by_flag(std::string_view flag) const;
  const std::string& env_prefix() const { return env_prefix_; }
  const std::vector<std::string>& config_file_options() const { return config_file_options_; }
  FileKeys config_file_keys() const { return config_file_keys_; }

  // Usage text: `usage` (e.g. "octobot server [options]"), then one line per
  // option with its flag, help, variable and default.
  std::string help(std::string_view usage) const;

 private:
  std::string env_prefix_;
  std::vector<std::string> config_file_options_;
  FileKeys config_file_keys_ = FileKeys::options;
  std::vector<Option> options_;
};

// One option's effective value and where it came from.
struct Setting {
  Value value;
  Source source = Source::default_value;
  std::string origin;  // "default", "--listen", "OCTOBOT_LISTEN", "/etc/octobot.yaml:4"
};

class Config {
 public:
  bool has(std::string_view name) const;
  const std::string& get_string(std::string_view name) const;
  std::int64_t get_int(std::string_view name) const;
  bool get_bool(std::string_view name) const;
  std::chrono::milliseconds get_duration(std::string_view name) const;
  // Where the value of a present option came from (for messages such as
  // "listen (from OCTOBOT_LISTEN): invalid address").
  const Setting& setting(std::string_view name) const;

  const std::vector<std::string>& positional() const { return positional_; }
  bool help_requested() const { return help_requested_; }

 private:
  friend Expected<Config, Error> load(const Schema&, const std::vector<std::string>&, const Environment&);
  template <class T>
  const T& get(std::string_view name) const;

  std::map<std::string, Setting, std::less<>> settings_;
  std::vector<std::string> positional_;
  bool help_requested_ = false;
};

Expected<Config, Error> load(const Schema& schema, const std::vector<std::string>& args, const Environment& env);

}  // namespace octobot::config
