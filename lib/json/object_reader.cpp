#include "lib/json/object_reader.hpp"

namespace octobot::json {

ObjectReader::ObjectReader(const Json& object, std::string path) : object_(object), path_(std::move(path)) {}

std::string ObjectReader::name(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void ObjectReader::fail(std::string_view key, std::string_view problem) {
  if (!error_) error_ = FieldError{"invalid_field", "field \"" + name(key) + "\" " + std::string(problem)};
}

bool ObjectReader::has(std::string_view key) const {
  return object_.is_object() && object_.contains(key) && !object_.at(std::string(key)).is_null();
}

const Json* ObjectReader::find(std::string_view key, const char* expected, bool (*is_type)(const Json&)) {
  seen_.emplace(key);
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  if (!is_type(*it)) {
    fail(key, std::string("must be ") + expected);
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> ObjectReader::optional_string(std::string_view key) {
  const Json* value = find(key, "a string", [](const Json& j) { return j.is_string(); });
  if (!value) return std::nullopt;
  return value->get<std::string>();
}

std::string ObjectReader::required_string(std::string_view key) {
  auto value = optional_string(key);
  if (!value && !error_ && !has(key)) fail(key, "is required");
  return value.value_or("");
}

std::optional<bool> ObjectReader::optional_bool(std::string_view key) {
  const Json* value = find(key, "a boolean", [](const Json& j) { return j.is_boolean(); });
  if (!value) return std::nullopt;
  return value->get<bool>();
}

std::optional<std::int64_t> ObjectReader::optional_int(std::string_view key) {
  const Json* value = find(key, "an integer", [](const Json& j) { return j.is_number_integer(); });
  if (!value) return std::nullopt;
  return value->get<std::int64_t>();
}

std::optional<Json> ObjectReader::optional_object(std::string_view key) {
  const Json* value = find(key, "an object", [](const Json& j) { return j.is_object(); });
  if (!value) return std::nullopt;
  return *value;
}

std::optional<Json> ObjectReader::optional_array(std::string_view key) {
  const Json* value = find(key, "an array", [](const Json& j) { return j.is_array(); });
  if (!value) return std::nullopt;
  return *value;
}

std::optional<std::map<std::string, std::string>> ObjectReader::optional_string_map(std::string_view key) {
  auto object = optional_object(key);
  if (!object) return std::nullopt;
  std::map<std::string, std::string> result;
  for (auto& [k, v] : object->items()) {
    if (!v.is_string()) {
      fail(std::string(key) + "." + k, "must be a string");
      return std::nullopt;
    }
    result.emplace(k, v.get<std::string>());
  }
  return result;
}

std::optional<std::vector<std::string>> ObjectReader::optional_string_list(std::string_view key) {
  auto array = optional_array(key);
  if (!array) return std::nullopt;
  std::vector<std::string> result;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const Json& item = (*array)[i];
    if (!item.is_string()) {
      fail(std::string(key) + "[" + std::to_string(i) + "]", "must be a string");
      return std::nullopt;
    }
    result.push_back(item.get<std::string>());
  }
  return result;
}

std::optional<FieldError> ObjectReader::finish() {
  if (error_) return error_;
  if (!object_.is_object()) return FieldError{"invalid_field", (path_.empty() ? "the body" : path_) + " must be a JSON object"};
  for (auto& [key, value] : object_.items()) {
    if (!seen_.contains(key)) {
      return FieldError{"unknown_field", "unknown field \"" + name(key) + "\""};
    }
  }
  return std::nullopt;
}

}  // namespace octobot::json
