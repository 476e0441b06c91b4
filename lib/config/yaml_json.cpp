// yaml_to_json(): a YamlNode tree as JSON, plain scalars typed by the YAML 1.2
// core schema (see yaml.hpp). A file of its own so that programs that only
// parse (octobot-proxy) do not link it.
#include "lib/config/yaml.hpp"

#include <charconv>
#include <cmath>
#include <regex>

namespace octobot::config {
namespace {

std::optional<std::int64_t> core_integer(std::string_view text) {
  static const std::regex integer(R"([-+]?[0-9]+)");
  if (!std::regex_match(text.begin(), text.end(), integer)) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> core_float(std::string_view text) {
  static const std::regex number(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (!std::regex_match(text.begin(), text.end(), number)) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// A plain scalar's JSON value; nulls arrive as YamlNode::Kind::null.
nlohmann::json plain_scalar(const std::string& text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (auto integer = core_integer(text)) return *integer;  // beyond 64 bits: a double below
  if (auto number = core_float(text)) return *number;
  return text;  // also numbers beyond a double's range
}

}  // namespace

nlohmann::json yaml_to_json(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::map: {
      nlohmann::json object = nlohmann::json::object();
      for (const YamlNode::Entry& entry : node.entries) object[entry.key] = yaml_to_json(entry.value);
      return object;
    }
    case YamlNode::Kind::list: {
      nlohmann::json array = nlohmann::json::array();
      for (const YamlNode& item : node.items) array.push_back(yaml_to_json(item));
      return array;
    }
    case YamlNode::Kind::scalar: return node.plain ? plain_scalar(node.text) : nlohmann::json(node.text);
    case YamlNode::Kind::null: break;
  }
  return nullptr;
}

}  // namespace octobot::config
