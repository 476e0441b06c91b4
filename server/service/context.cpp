#include "server/service/context.hpp"

#include <algorithm>
#include <chrono>

namespace octobot::service {

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Error describe(const store::Error& error, std::string_view what) {
  using Code = store::Error::Code;
  switch (error.code) {
    case Code::not_found:
      return Error::not_found(std::string(what) + " not found");
    case Code::conflict:
      return Error::conflict(error.message.empty() ? std::string(what) + " conflicts with an existing one"
                                                      : error.message);
    case Code::invalid:
      return Error::invalid(error.message);
    case Code::unavailable:
      return Error::unavailable("the database is unavailable: " + error.message);
    case Code::busy:
    case Code::invalid_state:
    case Code::forbidden:
      return error;
    case Code::internal:
      break;
  }
  return Error::internal("database error: " + error.message);
}

store::EventDraft make_event(const Context& context, std::string_view project_id, std::string type,
                             std::string data_json) {
  return {std::string(project_id), std::move(type), std::move(data_json), context.now_ms()};
}

Result<std::string> validate_name(std::string_view field, std::string_view value) {
  auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!value.empty() && is_space(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_space(value.back())) value.remove_suffix(1);
  auto bad = [&](std::string problem) {
    return Error::invalid("field \"" + std::string(field) + "\" " + problem, "invalid_field");
  };
  if (value.empty()) return bad("must not be empty");
  // Characters, not bytes: count the UTF-8 sequences (bytes that are not continuation bytes).
  auto characters = std::count_if(value.begin(), value.end(), [](char c) { return (c & 0xC0) != 0x80; });
  if (characters > 200) return bad("must be at most 200 characters");
  if (std::any_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return bad("must not contain control characters");
  }
  return std::string(value);
}

Result<std::string> validate_id(std::string_view field, std::string_view value) {
  if (!crypto::is_uuid(value)) {
    return Error::invalid("\"" + std::string(field) + "\" is not a valid id (expected a UUID): \"" +
                                     std::string(value.substr(0, 64)) + "\"",
                                 "invalid_id");
  }
  std::string lower(value);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower;
}

}  // namespace octobot::service
