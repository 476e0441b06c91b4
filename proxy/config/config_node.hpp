// A source-neutral document tree for validation (internal to proxy/config).
//
// The YAML file and the control API's JSON bodies are both converted to a
// ConfigNode tree, so one set of validators reads both and reports errors the
// same way. A Field is a node plus where it sits: its error() names the source
// and line (YAML only) and the key path: "proxy.yaml:7: allow.cidrs[1]: ...",
// or "allow.cidrs[1]: ..." for JSON.
//
// YAML is read by lib/config's parse_yaml() (lib/config/yaml.hpp) with its
// default limits, which JSON conversion shares: at most kMaxConfigDepth levels
// of nesting and kMaxConfigNodes nodes (YAML aliases count once per use), so a
// hostile document cannot exhaust the stack or memory. Duplicate mapping keys
// and non-scalar keys are errors. All YAML scalars are strings; JSON numbers
// and booleans are kept as `other` and rejected wherever a string is expected.
#pragma once
#include "lib/config/yaml.hpp"
#include "proxy/config/proxy_config.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace octobot::proxy {

inline constexpr std::size_t kMaxConfigBytes = config::YamlLimits{}.max_bytes;
inline constexpr int kMaxConfigDepth = config::YamlLimits{}.max_depth;
inline constexpr std::size_t kMaxConfigNodes = config::YamlLimits{}.max_nodes;

struct ConfigNode {
  enum class Kind { null, string, list, map, other };
  struct Entry;

  Kind kind = Kind::null;
  int line = 0;                 // 1-based; 0 when unknown (JSON)
  std::string text;             // string: the value; other: what it is ("a number")
  std::vector<ConfigNode> items;  // list
  std::vector<Entry> entries;     // map, in source order
};

struct ConfigNode::Entry {
  std::string key;
  int key_line = 0;
  ConfigNode value;
};

// "source:line: path: message"; the source, line (when > 0) and path parts are left out when empty.
ConfigError format_config_error(std::string_view source, int line, std::string_view path, std::string_view message);
// "allow" + "hosts" → "allow.hosts"; "rules" + 0 → "rules[0]" (the paths parse_yaml() reports).
using config::join_index;
using config::join_key;
std::string too_many_values_message();
std::string too_deep_message();

// "a string", "a list", "a mapping", "nothing", or the `other` description.
std::string describe_kind(const ConfigNode& node);

// Parses one YAML document with parse_yaml(); empty input is an error too.
Expected<ConfigNode, ConfigError> config_node_from_yaml(std::string_view text, std::string_view source);
Expected<ConfigNode, ConfigError> config_node_from_json(const nlohmann::json& json);

class Field {
 public:
  Field(const ConfigNode& node, std::string_view source, std::string path)
      : node_(&node), source_(source), path_(std::move(path)) {}

  const ConfigNode& node() const { return *node_; }
  const std::string& path() const { return path_; }
  Field member(const ConfigNode::Entry& entry) const;
  Field element(std::size_t index) const;
  ConfigError error(std::string_view message) const;
  // An error about member `key` of this mapping, reported at the mapping's line (for a missing key).
  ConfigError missing(std::string_view key, std::string_view message) const;
  // An error about an entry's key itself (an unknown key), reported at the key's line.
  ConfigError key_error(const ConfigNode::Entry& entry, std::string_view message) const;

 private:
  const ConfigNode* node_;
  std::string_view source_;
  std::string path_;
};

// Fails unless the field is a mapping (null reads as empty) whose keys are all in `known`.
std::optional<ConfigError> check_mapping(const Field& field, std::initializer_list<std::string_view> known);
// The member `key` of a mapping, or nullopt when absent.
std::optional<Field> find_member(const Field& map, std::string_view key);
Expected<std::string, ConfigError> read_string(const Field& field);
// The elements of a list; null reads as an empty list.
Expected<std::vector<Field>, ConfigError> read_list(const Field& field);
// Sets `out` to member `key` when present; an error when it is not a string.
std::optional<ConfigError> read_optional_string(const Field& map, std::string_view key, std::string& out);

}  // namespace octobot::proxy
