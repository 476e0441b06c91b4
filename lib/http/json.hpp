// JSON request/response helpers and the API error envelope.
//
// Every error the API returns has the shape {"error":{"code":"...","message":"..."}}.
// ApiError is the value handlers return for expected failures. (Strict reading
// of a parsed object's fields is lib/json/object_reader.hpp.)
#pragma once
#include "lib/http/types.hpp"
#include "lib/result.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace octobot::http {

using Json = nlohmann::json;

struct ApiError {
  Status status = Status::internal_server_error;
  std::string code;     // machine-readable, snake_case: "not_found", "invalid_field"
  std::string message;  // what a person can act on

  static ApiError bad_request(std::string message, std::string code = "bad_request");
  static ApiError unauthorized(std::string message);
  static ApiError forbidden(std::string message);
  static ApiError not_found(std::string message);
  static ApiError conflict(std::string message);
  static ApiError payload_too_large(std::string message);
  static ApiError unsupported_media_type(std::string message);
  static ApiError unprocessable(std::string message, std::string code = "invalid_state");
  static ApiError unavailable(std::string message);
  static ApiError internal(std::string message);
};

// A value or an ApiError: handlers and services return errors as values.
template <class T = void>
using Result = octobot::Expected<T, ApiError>;

// A complete response with the given body and Content-Type.
Response text_response(Status status, std::string_view content_type, std::string body, unsigned version = 11);
Response json_response(Status status, const Json& body, unsigned version = 11);
Response error_response(const ApiError& error, unsigned version = 11);
Response empty_response(Status status, unsigned version = 11);

// True when the request carries a body (a non-zero Content-Length, a
// Transfer-Encoding, or body bytes); works on the header alone too.
bool has_body(const Request& request);

// 415 unless Content-Type names JSON (application/json or application/*+json).
// A missing Content-Type is refused too: it is what a cross-site no-cors
// fetch() of a Blob sends, and browsers never send it for a JSON API call.
std::optional<ApiError> check_json_content_type(const Request& request);

// Parses the request body as a JSON object. Rejects a missing or non-JSON content type (415),
// an empty or malformed body, a non-object top level and arrays or objects
// nested more than kMaxJsonDepth levels deep (400).
constexpr std::size_t kMaxJsonDepth = 64;
Result<Json> parse_json_object(const Request& request);

}  // namespace octobot::http
