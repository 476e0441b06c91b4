#include "proxy/config/config_node.hpp"

#include <algorithm>

namespace octobot::proxy {
namespace {

// Converts a JSON value, bounded like the YAML reader (see the header).
class JsonConverter {
 public:
  Expected<ConfigNode, ConfigError> convert(const nlohmann::json& json, const std::string& path, int depth) {
    if (++nodes_ > kMaxConfigNodes) return format_config_error("", 0, path, too_many_values_message());
    if (depth > kMaxConfigDepth) return format_config_error("", 0, path, too_deep_message());
    ConfigNode node;
    if (json.is_string()) {
      node.kind = ConfigNode::Kind::string;
      node.text = json.get_ref<const std::string&>();
    } else if (json.is_array()) {
      node.kind = ConfigNode::Kind::list;
      for (const auto& element : json) {
        auto child = convert(element, join_index(path, node.items.size()), depth + 1);
        if (!child) return child.error();
        node.items.push_back(std::move(*child));
      }
    } else if (json.is_object()) {
      node.kind = ConfigNode::Kind::map;
      for (const auto& [key, value] : json.items()) {
        auto child = convert(value, join_key(path, key), depth + 1);
        if (!child) return child.error();
        node.entries.push_back({key, 0, std::move(*child)});
      }
    } else if (!json.is_null()) {
      node.kind = ConfigNode::Kind::other;
      node.text = json.is_boolean() ? "a boolean" : json.is_number() ? "a number" : "binary data";
    }
    return node;
  }

 private:
  std::size_t nodes_ = 0;
};

// The parsed YAML as a ConfigNode tree (its depth is bounded by parse_yaml()).
ConfigNode from_yaml_node(config::YamlNode&& yaml) {
  ConfigNode node;
  node.line = yaml.line;
  switch (yaml.kind) {
    case config::YamlNode::Kind::null: break;
    case config::YamlNode::Kind::scalar:
      node.kind = ConfigNode::Kind::string;
      node.text = std::move(yaml.text);
      break;
    case config::YamlNode::Kind::list:
      node.kind = ConfigNode::Kind::list;
      for (config::YamlNode& item : yaml.items) node.items.push_back(from_yaml_node(std::move(item)));
      break;
    case config::YamlNode::Kind::map:
      node.kind = ConfigNode::Kind::map;
      for (config::YamlNode::Entry& entry : yaml.entries) {
        node.entries.push_back({std::move(entry.key), entry.key_line, from_yaml_node(std::move(entry.value))});
      }
      break;
  }
  return node;
}

}  // namespace

ConfigError format_config_error(std::string_view source, int line, std::string_view path, std::string_view message) {
  std::string text;
  if (!source.empty()) {
    text.append(source);
    if (line > 0) text += ":" + std::to_string(line);
    text += ": ";
  }
  if (!path.empty()) text.append(path).append(": ");
  text.append(message);
  return ConfigError{std::move(text)};
}

std::string too_many_values_message() {
  return "more than " + std::to_string(kMaxConfigNodes) + " values (YAML aliases count at each use)";
}

std::string too_deep_message() { return "nested more than " + std::to_string(kMaxConfigDepth) + " levels deep"; }

std::string describe_kind(const ConfigNode& node) {
  switch (node.kind) {
    case ConfigNode::Kind::null: return "nothing";
    case ConfigNode::Kind::string: return "a string";
    case ConfigNode::Kind::list: return "a list";
    case ConfigNode::Kind::map: return "a mapping";
    case ConfigNode::Kind::other: return node.text;
  }
  return "an unknown value";
}

Expected<ConfigNode, ConfigError> config_node_from_yaml(std::string_view text, std::string_view source) {
  auto root = config::parse_yaml(text);
  if (!root) return format_config_error(source, root.error().line, root.error().path, root.error().message);
  if (!*root) return format_config_error(source, 1, "", "the file is empty; expected a mapping of settings");
  return from_yaml_node(std::move(**root));
}

Expected<ConfigNode, ConfigError> config_node_from_json(const nlohmann::json& json) {
  return JsonConverter().convert(json, "", 0);
}

Field Field::member(const ConfigNode::Entry& entry) const {
  return Field(entry.value, source_, join_key(path_, entry.key));
}

Field Field::element(std::size_t index) const { return Field(node_->items[index], source_, join_index(path_, index)); }

ConfigError Field::error(std::string_view message) const {
  return format_config_error(source_, node_->line, path_, message);
}

ConfigError Field::missing(std::string_view key, std::string_view message) const {
  return format_config_error(source_, node_->line, join_key(path_, key), message);
}

ConfigError Field::key_error(const ConfigNode::Entry& entry, std::string_view message) const {
  const int line = entry.key_line > 0 ? entry.key_line : node_->line;
  return format_config_error(source_, line, join_key(path_, entry.key), message);
}

std::optional<ConfigError> check_mapping(const Field& field, std::initializer_list<std::string_view> known) {
  const ConfigNode& node = field.node();
  if (node.kind == ConfigNode::Kind::null) return std::nullopt;
  if (node.kind != ConfigNode::Kind::map) return field.error("expected a mapping, got " + describe_kind(node));
  for (const ConfigNode::Entry& entry : node.entries) {
    if (std::find(known.begin(), known.end(), entry.key) != known.end()) continue;
    std::string expected;
    for (std::string_view name : known) expected.append(expected.empty() ? "" : ", ").append(name);
    return field.key_error(entry, "unknown key \"" + entry.key + "\" (expected one of: " + expected + ")");
  }
  return std::nullopt;
}

std::optional<Field> find_member(const Field& map, std::string_view key) {
  for (const ConfigNode::Entry& entry : map.node().entries) {
    if (entry.key == key) return map.member(entry);
  }
  return std::nullopt;
}

Expected<std::string, ConfigError> read_string(const Field& field) {
  if (field.node().kind != ConfigNode::Kind::string) {
    return field.error("expected a string, got " + describe_kind(field.node()));
  }
  return field.node().text;
}

Expected<std::vector<Field>, ConfigError> read_list(const Field& field) {
  const ConfigNode& node = field.node();
  if (node.kind != ConfigNode::Kind::null && node.kind != ConfigNode::Kind::list) {
    return field.error("expected a list, got " + describe_kind(node));
  }
  std::vector<Field> elements;
  for (std::size_t i = 0; i < node.items.size(); ++i) elements.push_back(field.element(i));
  return elements;
}

std::optional<ConfigError> read_optional_string(const Field& map, std::string_view key, std::string& out) {
  auto member = find_member(map, key);
  if (!member) return std::nullopt;
  auto text = read_string(*member);
  if (!text) return text.error();
  out = std::move(*text);
  return std::nullopt;
}

}  // namespace octobot::proxy
