// The YAML file layer: nested mappings whose leaves are declared options,
// read with parse_yaml() (see config.hpp for the contract).
#include "lib/config/layers.hpp"
#include "lib/config/yaml.hpp"
#include "lib/fs/file_io.hpp"

#include <cerrno>

namespace octobot::config {
namespace {

std::string_view node_kind(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::map: return "a mapping";
    case YamlNode::Kind::list: return "a list";
    case YamlNode::Kind::scalar: return "a single value";
    case YamlNode::Kind::null: break;
  }
  return "no value";
}

class FileLayerReader {
 public:
  FileLayerReader(const Schema& schema, std::string path)
      : schema_(schema), path_(std::move(path)), shared_(schema.config_file_keys() == FileKeys::shared) {}

  Expected<Settings, Error> read(const std::optional<YamlNode>& root) {
    if (!root || root->kind == YamlNode::Kind::null) return Settings{};
    if (root->kind != YamlNode::Kind::map) {
      if (shared_) return Settings{};
      return make_error("", "the top level must be a mapping of option names", path_, root->line);
    }
    if (auto error = read_mapping(*root, "")) return *error;
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

  std::optional<Error> read_mapping(const YamlNode& mapping, const std::string& prefix) {
    for (const YamlNode::Entry& entry : mapping.entries) {
      const std::string name = join_key(prefix, entry.key);
      if (const Option* option = schema_.find(name)) {
        if (auto error = read_leaf(*option, entry.value, entry.key_line)) return error;
      } else if (is_prefix(name)) {
        if (auto error = read_section(name, entry.value, entry.key_line)) return error;
      } else if (!shared_) {
        return make_error(name, "unknown key \"" + name + "\"", path_, entry.key_line);
      }
    }
    return std::nullopt;
  }

  std::optional<Error> read_section(const std::string& name, const YamlNode& value, int line) {
    if (value.kind == YamlNode::Kind::map) return read_mapping(value, name);
    if (value.kind == YamlNode::Kind::null || shared_) return std::nullopt;
    return make_error(name, name + ": expected a mapping, got a single value or list", path_, line);
  }

  std::optional<Error> read_leaf(const Option& option, const YamlNode& value, int line) {
    if (value.kind != YamlNode::Kind::scalar) {
      return make_error(option.name, option.name + ": expected a single value, got " + std::string(node_kind(value)),
                        path_, line);
    }
    auto setting = make_setting(option, value.text, Source::file, path_ + ":" + std::to_string(line), option.name,
                                path_, line);
    if (!setting) return setting.error();
    settings_.insert_or_assign(option.name, std::move(*setting));
    return std::nullopt;
  }

  const Schema& schema_;
  std::string path_;
  bool shared_;
  Settings settings_;
};

Error yaml_error(const std::string& path, const YamlError& error) {
  const std::string what = error.path.empty() ? error.message : error.path + ": " + error.message;
  return make_error(error.path, what, path, error.line);
}

}  // namespace

Expected<Settings, Error> read_yaml_file(const Schema& schema, const ConfigFile& file) {
  const YamlLimits limits;
  auto text = files::read_small_file(file.path, limits.max_bytes);
  if (!text) {
    const bool missing = text.error().failure == files::FsFailure::open && text.error().os_error == ENOENT;
    if (missing && file.only_default) return Settings{};
    return make_error(file.option, text.error().message);
  }
  auto root = parse_yaml(*text, limits);
  if (!root) return yaml_error(file.path, root.error());
  return FileLayerReader(schema, file.path).read(*root);
}

}  // namespace octobot::config
