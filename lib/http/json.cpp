#include "lib/http/json.hpp"

namespace octobot::http {

ApiError ApiError::bad_request(std::string message, std::string code) {
  return {Status::bad_request, std::move(code), std::move(message)};
}
ApiError ApiError::unauthorized(std::string message) {
  return {Status::unauthorized, "unauthorized", std::move(message)};
}
ApiError ApiError::forbidden(std::string message) {
  return {Status::forbidden, "forbidden", std::move(message)};
}
ApiError ApiError::not_found(std::string message) {
  return {Status::not_found, "not_found", std::move(message)};
}
ApiError ApiError::conflict(std::string message) {
  return {Status::conflict, "conflict", std::move(message)};
}
ApiError ApiError::payload_too_large(std::string message) {
  return {Status::payload_too_large, "payload_too_large", std::move(message)};
}
ApiError ApiError::unsupported_media_type(std::string message) {
  return {Status::unsupported_media_type, "unsupported_media_type", std::move(message)};
}
ApiError ApiError::unprocessable(std::string message, std::string code) {
  return {Status::unprocessable_entity, std::move(code), std::move(message)};
}
ApiError ApiError::unavailable(std::string message) {
  return {Status::service_unavailable, "unavailable", std::move(message)};
}
ApiError ApiError::internal(std::string message) {
  return {Status::internal_server_error, "internal", std::move(message)};
}

Response text_response(Status status, std::string_view content_type, std::string body, unsigned version) {
  Response response{status, version};
  response.set(Field::content_type, content_type);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

Response json_response(Status status, const Json& body, unsigned version) {
  return text_response(status, "application/json", body.dump(-1, ' ', false, Json::error_handler_t::replace), version);
}

Response error_response(const ApiError& error, unsigned version) {
  return json_response(error.status, Json{{"error", {{"code", error.code}, {"message", error.message}}}}, version);
}

Response empty_response(Status status, unsigned version) {
  Response response{status, version};
  response.prepare_payload();
  return response;
}

namespace {

bool is_json_content_type(std::string_view type) {
  auto semicolon = type.find(';');
  std::string_view media = type.substr(0, semicolon);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  std::string lower(media);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/json" || (lower.starts_with("application/") && lower.ends_with("+json"));
}

// The deepest nesting of arrays and objects in JSON text (string contents skipped).
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

bool has_body(const Request& request) {
  auto length = request.find(Field::content_length);
  bool declared_length = length != request.end() && length->value() != "0";
  return declared_length || request.find(Field::transfer_encoding) != request.end() || !request.body().empty();
}

std::optional<ApiError> check_json_content_type(const Request& request) {
  auto type = request[Field::content_type];
  if (is_json_content_type(type)) return std::nullopt;
  return ApiError::unsupported_media_type(
      type.empty() ? std::string("the request body must be JSON and say so: send Content-Type: application/json")
                   : "the request body must be JSON (Content-Type: application/json), got \"" +
                         std::string(type.substr(0, 100)) + "\"");
}

Result<Json> parse_json_object(const Request& request) {
  if (auto wrong_type = check_json_content_type(request)) return *wrong_type;
  if (request.body().empty()) return ApiError::bad_request("the request body is empty; expected a JSON object", "invalid_json");
  // Copying or printing a value is recursive in nlohmann::json: bound the depth before parsing.
  if (nesting_depth(request.body()) > kMaxJsonDepth) {
    return ApiError::bad_request("the request body nests arrays and objects more than " + std::to_string(kMaxJsonDepth) +
                                     " levels deep",
                                 "invalid_json");
  }
  Json parsed = Json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return ApiError::bad_request("the request body is not valid JSON", "invalid_json");
  if (!parsed.is_object()) return ApiError::bad_request("the request body must be a JSON object", "invalid_json");
  return parsed;
}

}  // namespace octobot::http
