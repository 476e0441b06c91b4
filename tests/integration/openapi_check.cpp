#include "tests/integration/openapi_check.hpp"

#include "server/api/openapi.hpp"

#include <regex>

namespace octobot::testing {

namespace {

class Validator {
 public:
  explicit Validator(std::vector<std::string>& problems) : problems_(problems) {}

  void check(const Json& schema, const Json& value, const std::string& path) {
    if (schema.contains("$ref")) check(resolve(schema["$ref"]), value, path);
    if (schema.contains("oneOf")) check_one_of(schema, value, path);
    if (schema.contains("type") && !has_type(schema["type"], value)) {
      report(path, "has type " + std::string(value.type_name()) + ", expected " + schema["type"].dump());
      return;
    }
    if (schema.contains("enum") &&
        std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
      report(path, "is " + value.dump() + ", not one of " + schema["enum"].dump());
    }
    if (schema.contains("const") && schema["const"] != value)
      report(path, "is " + value.dump() + ", expected " + schema["const"].dump());
    if (value.is_string()) check_string(schema, value.get<std::string>(), path);
    if (value.is_number() && schema.contains("minimum") && value.get<double>() < schema["minimum"].get<double>()) {
      report(path, "is below the minimum " + schema["minimum"].dump());
    }
    if (value.is_object()) check_object(schema, value, path);
    if (value.is_array()) check_array(schema, value, path);
  }

 private:
  static const Json& resolve(const Json& ref) {
    return openapi_document().at(Json::json_pointer(ref.get<std::string>().substr(1)));
  }

  static bool has_type(const Json& expected, const Json& value) {
    if (expected.is_array()) {
      return std::any_of(expected.begin(), expected.end(), [&](const Json& t) { return has_type(t, value); });
    }
    const std::string type = expected.get<std::string>();
    if (type == "integer") return value.is_number_integer();
    if (type == "number") return value.is_number();
    if (type == "string") return value.is_string();
    if (type == "boolean") return value.is_boolean();
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "null") return value.is_null();
    return false;
  }

  void check_one_of(const Json& schema, const Json& value, const std::string& path) {
    if (schema.contains("discriminator")) {
      const std::string property = schema["discriminator"]["propertyName"];
      const Json& mapping = schema["discriminator"]["mapping"];
      if (!value.is_object() || !value.contains(property) || !value[property].is_string() ||
          !mapping.contains(value[property].get<std::string>())) {
        report(path, "has no known discriminator \"" + property + "\": " + value.dump().substr(0, 200));
        return;
      }
      check(resolve(mapping[value[property].get<std::string>()]), value, path);
      return;
    }
    int matches = 0;
    for (const Json& option : schema["oneOf"]) {
      std::vector<std::string> ignored;
      Validator inner(ignored);
      inner.check(option, value, path);
      if (ignored.empty()) ++matches;
    }
    if (matches != 1) report(path, "matches " + std::to_string(matches) + " of the oneOf schemas, expected 1");
  }

  void check_string(const Json& schema, const std::string& text, const std::string& path) {
    if (schema.contains("minLength") && text.size() < schema["minLength"].get<std::size_t>())
      report(path, "is too short");
    if (schema.contains("maxLength") && text.size() > schema["maxLength"].get<std::size_t>())
      report(path, "is too long");
    if (schema.contains("pattern") && !std::regex_search(text, std::regex(schema["pattern"].get<std::string>()))) {
      report(path, "\"" + text + "\" does not match " + schema["pattern"].get<std::string>());
    }
    if (!schema.contains("format")) return;
    static const std::map<std::string, std::regex> formats{
        {"uuid", std::regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")},
        {"date-time", std::regex(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)")},
        {"uri", std::regex("^[A-Za-z][A-Za-z0-9+.-]*:")}};
    auto format = formats.find(schema["format"].get<std::string>());
    if (format != formats.end() && !std::regex_search(text, format->second)) {
      report(path, "\"" + text + "\" is not a " + format->first);
    }
  }

  void check_object(const Json& schema, const Json& value, const std::string& path) {
    for (const Json& name : schema.value("required", Json::array())) {
      if (!value.contains(name.get<std::string>())) report(path, "lacks the required property " + name.dump());
    }
    const Json properties = schema.value("properties", Json::object());
    for (const auto& [key, item] : value.items()) {
      if (properties.contains(key)) {
        check(properties[key], item, path + "." + key);
      } else if (schema.contains("additionalProperties")) {
        const Json& extra = schema["additionalProperties"];
        if (extra.is_boolean() && !extra.get<bool>()) report(path, "has the undocumented property \"" + key + "\"");
        if (extra.is_object()) check(extra, item, path + "." + key);
      } else if (schema.contains("properties")) {
        // Not forbidden by JSON Schema, but a response property the document does not list is drift.
        report(path, "has the property \"" + key + "\", which the document does not list");
      }
    }
  }

  void check_array(const Json& schema, const Json& value, const std::string& path) {
    if (schema.contains("minItems") && value.size() < schema["minItems"].get<std::size_t>())
      report(path, "has too few items");
    if (!schema.contains("items")) return;
    for (std::size_t i = 0; i < value.size(); ++i)
      check(schema["items"], value[i], path + "[" + std::to_string(i) + "]");
  }

  void report(const std::string& path, const std::string& problem) { problems_.push_back(path + " " + problem); }

  std::vector<std::string>& problems_;
};

}  // namespace

const Json& openapi_document() {
  static const Json document = Json::parse(api::yaml_to_json(api::openapi_yaml()));
  return document;
}

std::vector<std::string> schema_problems(const Json& schema, const Json& value) {
  std::vector<std::string> problems;
  Validator(problems).check(schema, value, "$");
  return problems;
}

const Json& named_schema(const std::string& name) { return openapi_document().at("components").at("schemas").at(name); }

std::optional<Json> response_schema(const std::string& method, const std::string& path_pattern, unsigned status) {
  const Json& paths = openapi_document().at("paths");
  if (!paths.contains(path_pattern) || !paths[path_pattern].contains(method)) return std::nullopt;
  const Json& responses = paths[path_pattern][method].value("responses", Json::object());
  const std::string key = std::to_string(status);
  if (!responses.contains(key)) return std::nullopt;
  Json response = responses[key];
  if (response.contains("$ref")) {
    response = openapi_document().at(Json::json_pointer(response["$ref"].get<std::string>().substr(1)));
  }
  const Json content = response.value("content", Json::object());
  if (!content.contains("application/json")) return Json::object();
  return content["application/json"].value("schema", Json::object());
}

}  // namespace octobot::testing
