// The YAML file layer: nested mappings whose leaves are declared options.
#include "lib/config/layers.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

namespace octobot::config {
namespace {

std::string errno_text(int error) { return std::generic_category().message(error); }

// nullopt and `error` set when the file cannot be read.
std::optional<std::string> read_text(const std::string& path, int& error) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) {
    error = errno;
    return std::nullopt;
  }
  std::string text;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (error != 0) return std::nullopt;
  return text;
}

std::string_view node_kind(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return "no value";
}

int line_of(const YAML::Node& node) { return node.Mark().line + 1; }

class YamlReader {
 public:
  YamlReader(const Schema& schema, std::string path) : schema_(schema), path_(std::move(path)) {}

  Expected<Settings, Error> read(const std::string& text) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      return make_error("", "YAML syntax error: " + e.msg, path_, e.mark.line + 1);
    }
    if (root.IsNull()) return Settings{};
    if (!root.IsMap()) return make_error("", "the top level must be a mapping of option names", path_, line_of(root));
    if (auto error = read_mapping(root, "")) return *error;
    return std::move(settings_);
  }

 private:
  bool is_prefix(const std::string& name) const {
    for (const Option& option : schema_.options()) {
      if (option.name.size() > name.size() && option.name.starts_with(name) && option.name[name.size()] == '.') {
        return true;
      }
    }
    return false;
  }

  std::optional<Error> read_mapping(const YAML::Node& mapping, const std::string& prefix) {
    for (const auto& entry : mapping) {
      const int line = line_of(entry.first);
      if (!entry.first.IsScalar()) return make_error(prefix, "keys must be plain names", path_, line);
      const std::string name = prefix.empty() ? entry.first.Scalar() : prefix + "." + entry.first.Scalar();
      if (const Option* option = schema_.find(name)) {
        if (auto error = read_leaf(*option, entry.second, line)) return error;
      } else if (is_prefix(name)) {
        if (entry.second.IsNull()) continue;
        if (!entry.second.IsMap()) {
          return make_error(name, name + ": expected a mapping, got a single value or list", path_, line);
        }
        if (auto error = read_mapping(entry.second, name)) return error;
      } else {
        return make_error(name, "unknown key \"" + name + "\"", path_, line);
      }
    }
    return std::nullopt;
  }

  std::optional<Error> read_leaf(const Option& option, const YAML::Node& value, int line) {
    if (!value.IsScalar()) {
      return make_error(option.name, option.name + ": expected a single value, got " + std::string(node_kind(value)),
                        path_, line);
    }
    auto setting = make_setting(option, value.Scalar(), Source::file, path_ + ":" + std::to_string(line), option.name,
                                path_, line);
    if (!setting) return setting.error();
    settings_.insert_or_assign(option.name, std::move(*setting));
    return std::nullopt;
  }

  const Schema& schema_;
  std::string path_;
  Settings settings_;
};

}  // namespace

Expected<Settings, Error> read_yaml_file(const Schema& schema, const std::string& path, bool missing_ok) {
  int error = 0;
  const auto text = read_text(path, error);
  if (!text && error == ENOENT && missing_ok) return Settings{};
  if (!text) return make_error(schema.config_file_option(), "cannot read config file " + path + ": " + errno_text(error));
  return YamlReader(schema, path).read(*text);
}

}  // namespace octobot::config
