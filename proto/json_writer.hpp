// JsonWriter: appends compact JSON to a string without building a DOM.
//
// Used for responses on hot paths (lists of resources), where building an
// nlohmann::json tree only to print it costs most of the request. The caller
// nests begin/end calls correctly; commas and string escaping are handled
// here. Invalid UTF-8 is passed through byte for byte (the store only holds
// text that arrived as valid JSON).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace octobot::proto {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view value);
  // An empty value is written as null.
  JsonWriter& string_or_null(std::string_view value);
  JsonWriter& boolean(bool value);
  JsonWriter& number(std::int64_t value);
  JsonWriter& null();
  // Already-serialized JSON (e.g. a stored JSON column), written as is.
  JsonWriter& raw(std::string_view json);

  std::string take() { return std::move(out_); }
  void reserve(std::size_t bytes) { out_.reserve(bytes); }

 private:
  void separate();
  std::string out_;
  std::vector<bool> first_{true};  // per open container: nothing written yet
  bool after_key_ = false;
};

// Appends `value` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view value);

}  // namespace octobot::proto
