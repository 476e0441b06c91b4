// The one place where errors become HTTP: a domain error (store, services) or
// a JSON field error gets its status and the envelope's code.
//
//   invalid → 400, not_found → 404, conflict and busy → 409, invalid_state →
//   422, forbidden → 403, unavailable → 503, internal → 500.
// The envelope's code is the error's detail when it has one ("invalid_field",
// "invalid_id"), else the name of its class ("not_found", "conflict", ...).
#pragma once
#include "lib/http/json.hpp"
#include "lib/json/object_reader.hpp"
#include "server/domain/error.hpp"

namespace octobot::api {

http::ApiError to_api_error(const domain::Error& error);
http::ApiError to_api_error(const json::FieldError& error);

}  // namespace octobot::api
