// Internal to lib/config: the configuration layers, each turning its input into
// settings that already parsed as their option's type (see config.hpp).
#pragma once
#include "lib/config/config.hpp"

namespace octobot::config {

using Settings = std::map<std::string, Setting, std::less<>>;

struct FlagLayer {
  Settings settings;
  std::vector<std::string> positional;
  bool help = false;
};

Expected<FlagLayer, Error> read_flags(const Schema& schema, const std::vector<std::string>& args);
Expected<Settings, Error> read_environment(const Schema& schema, const Environment& env);
// The YAML file to read: its path, the option that gave it, and whether that
// is only the option's default (then a missing file is no error).
struct ConfigFile {
  std::string option;
  std::string path;
  bool only_default = true;
};

// Reads the YAML file layer (see config.hpp). A missing file yields empty
// settings when `file.only_default`, an error otherwise.
Expected<Settings, Error> read_yaml_file(const Schema& schema, const ConfigFile& file);

// An error at `key` (and in `file` at `line` when file is not empty); the
// message is "file:line: what" or just "what".
Error make_error(std::string key, std::string what, std::string file = {}, int line = 0);

// Parses `text` for `option`; on failure the error names `key`, prefixed as in make_error.
Expected<Setting, Error> make_setting(const Option& option, std::string_view text, Source source,
                                      std::string origin, std::string key, std::string file = {}, int line = 0);

}  // namespace octobot::config
