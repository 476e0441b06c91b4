// ObjectReader: strict reading of one parsed JSON object.
//
// Each getter records the first problem it meets (a wrong type, a missing
// required field); finish() also reports fields that no getter asked for. The
// problem is a FieldError naming the field ("mcpServers[0].command"), with a
// machine-readable code: "invalid_field" or "unknown_field". Callers turn it
// into their own error (a 400 in the API, an invalid argument in a service).
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace octobot::json {

using Json = nlohmann::json;

struct FieldError {
  std::string code;     // "invalid_field" or "unknown_field"
  std::string message;  // names the field and the problem
};

class ObjectReader {
 public:
  explicit ObjectReader(const Json& object, std::string path = "");

  std::optional<std::string> optional_string(std::string_view key);
  std::string required_string(std::string_view key);
  std::optional<bool> optional_bool(std::string_view key);
  std::optional<std::int64_t> optional_int(std::string_view key);
  // Objects and arrays are returned as JSON for a nested reader to validate.
  std::optional<Json> optional_object(std::string_view key);
  std::optional<Json> optional_array(std::string_view key);
  // A map of string to string, e.g. env or headers.
  std::optional<std::map<std::string, std::string>> optional_string_map(std::string_view key);
  std::optional<std::vector<std::string>> optional_string_list(std::string_view key);

  bool has(std::string_view key) const;
  // Records a validation failure found by the caller (first one wins).
  void fail(std::string_view key, std::string_view problem);
  // The first problem found, or nullopt when the object was valid and fully read.
  std::optional<FieldError> finish();

 private:
  const Json* find(std::string_view key, const char* expected,
                   bool (*is_type)(const Json&));
  std::string name(std::string_view key) const;

  const Json& object_;
  std::string path_;
  std::set<std::string, std::less<>> seen_;
  std::optional<FieldError> error_;
};

}  // namespace octobot::json
