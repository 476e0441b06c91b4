// The agent API's authentication: every route needs
// "Authorization: Bearer <token>" whose SHA-256 is the configured hash.
//
// Contract:
// - bearer_matches(header, token_sha256): true when `header` is "Bearer "
//   followed by a token whose SHA-256 (lowercase hex) equals `token_sha256`
//   (64 lowercase hex digits). The hashes are compared in constant time, so
//   the time taken depends neither on the token nor on where a wrong one
//   differs. An empty hash matches nothing.
// - require_bearer(token_sha256): a lib/http middleware that lets a matching
//   request through and answers anything else with 401, the JSON error
//   envelope {"error":{"code":"unauthorized","message":"a valid bearer token
//   is required"}} and "WWW-Authenticate: Bearer". The response never
//   repeats what the client sent.
#pragma once
#include "lib/http/router.hpp"

#include <string>
#include <string_view>

namespace octobot::agent_api {

bool bearer_matches(std::string_view header, std::string_view token_sha256);

http::Middleware require_bearer(std::string token_sha256);

}  // namespace octobot::agent_api
