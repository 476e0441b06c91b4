// The proxy's control API (bearer token): GET /health, GET/PUT/PATCH /config,
// GET /cache/stats, DELETE /cache.
//
// Contract: every route needs "Authorization: Bearer <token>" whose SHA-256
// matches `token` (ApiToken::matches: constant time) or answers 401 with
// {"error":{"code":"unauthorized",...}}. Bodies are JSON objects; a rejected change
// answers 400 with {"error":{"code":"invalid_config","message":...}} and
// changes nothing. Responses never contain a secret. The cache routes answer
// 404 when no cache is configured.
#pragma once
#include "proxy/app/config_state.hpp"
#include "proxy/config/api_token.hpp"

#include "lib/http/router.hpp"

namespace octobot::proxy {

octobot::http::Router make_control_routes(std::shared_ptr<ConfigState> state, std::shared_ptr<Runtime> runtime,
                                          ApiToken token);

}  // namespace octobot::proxy
