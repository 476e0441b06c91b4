// The one YAML reader (lib/config): text to a bounded tree with line numbers.
//
// Every YAML document Octobot reads goes through parse_yaml(): the server's
// configuration file (lib/config's file layer), octobot-proxy's configuration
// (proxy/config) and the OpenAPI document (server/api, via yaml_to_json()).
// It is built on yaml-cpp's event parser, not on YAML::Node, which never ends
// on some malformed input and expands aliases without bound.
//
// Contract of parse_yaml():
// - One document: text without any (empty, or only comments) gives nullopt;
//   content after the first document is an error.
// - Bounded, so hostile input cannot exhaust the stack or memory: at most
//   limits.max_bytes of text, limits.max_depth nested lists and mappings, and
//   limits.max_nodes values, where an alias counts as the values it repeats, at
//   each use. An alias to a node that contains it is an error.
// - Mapping keys are scalars (a list, mapping or null key is an error) and
//   unique within their mapping; every scalar, keys included, is valid UTF-8.
//   Entries keep their order in the text.
// - A plain ~, null, Null, NULL or missing value is a null node; every other
//   scalar keeps its text, and `plain` records whether it was written without
//   quotes and without a tag (only such scalars are typed by yaml_to_json()).
// - Errors are values: the 1-based line and column (0 when not known), the key
//   path of the value at fault ("allow.hosts[1]"; "" for the document) and the
//   message ("duplicate key", "YAML syntax error: ..."). Callers prefix the
//   source: "proxy.yaml:3: allow.hosts: duplicate key". Nothing throws but
//   std::bad_alloc.
#pragma once
#include "lib/result.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace octobot::config {

struct YamlLimits {
  std::size_t max_bytes = 1 << 20;
  int max_depth = 32;
  std::size_t max_nodes = 100'000;
};

struct YamlNode {
  enum class Kind { null, scalar, list, map };
  struct Entry;

  Kind kind = Kind::null;
  int line = 0;                 // 1-based; a null mapping value has its key's line
  std::string text;             // scalar: the value
  bool plain = false;           // scalar: neither quoted nor tagged
  std::vector<YamlNode> items;  // list
  std::vector<Entry> entries;   // map, in the order of the text
};

struct YamlNode::Entry {
  std::string key;
  int key_line = 0;
  YamlNode value;
};

struct YamlError {
  int line = 0;    // 1-based, 0 when the error is about the whole text
  int column = 0;  // 1-based, 0 when not known
  std::string path;
  std::string message;
};

Expected<std::optional<YamlNode>, YamlError> parse_yaml(std::string_view text, const YamlLimits& limits = {});

// The document as JSON, typing plain scalars by the YAML 1.2 core schema:
// true/True/TRUE and false/False/FALSE become booleans, decimal integers
// integers (doubles beyond 64 bits), decimal numbers doubles (kept as text
// beyond a double's range); every other scalar, quoted or tagged ones
// included, is a string. Never throws but std::bad_alloc.
nlohmann::json yaml_to_json(const YamlNode& node);

// Key paths as parse_yaml() reports them: "allow" + "hosts" is "allow.hosts",
// "" + "listen" is "listen", "rules" + 0 is "rules[0]".
std::string join_key(std::string_view path, std::string_view key);
std::string join_index(std::string_view path, std::size_t index);

}  // namespace octobot::config
