#include "server/api/errors.hpp"

namespace octobot::api {

namespace {

struct Mapping {
  http::Status status;
  const char* code;
};

Mapping mapping_of(domain::Error::Code code) {
  using Code = domain::Error::Code;
  using http::Status;
  switch (code) {
    case Code::invalid: return {Status::bad_request, "bad_request"};
    case Code::not_found: return {Status::not_found, "not_found"};
    case Code::conflict: return {Status::conflict, "conflict"};
    case Code::busy: return {Status::conflict, "busy"};
    case Code::invalid_state: return {Status::unprocessable_entity, "invalid_state"};
    case Code::forbidden: return {Status::forbidden, "forbidden"};
    case Code::unavailable: return {Status::service_unavailable, "unavailable"};
    case Code::internal: break;
  }
  return {Status::internal_server_error, "internal"};
}

}  // namespace

http::ApiError to_api_error(const domain::Error& error) {
  Mapping mapping = mapping_of(error.code);
  return {mapping.status, error.detail.empty() ? mapping.code : error.detail, error.message};
}

http::ApiError to_api_error(const json::FieldError& error) {
  return http::ApiError::bad_request(error.message, error.code);
}

}  // namespace octobot::api
