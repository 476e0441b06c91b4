#include "agent-api/bearer_auth.hpp"

#include "lib/crypto/crypto.hpp"
#include "lib/http/exchange.hpp"
#include "lib/http/json.hpp"

namespace octobot::agent_api {

bool bearer_matches(std::string_view header, std::string_view token_sha256) {
  constexpr std::string_view scheme = "Bearer ";
  if (token_sha256.empty() || !header.starts_with(scheme)) return false;
  return crypto::constant_time_equal(crypto::sha256_hex(header.substr(scheme.size())), token_sha256);
}

http::Middleware require_bearer(std::string token_sha256) {
  using Outcome = std::optional<http::Response>;
  return [hash = std::move(token_sha256)](http::Exchange& exchange) -> http::asio::awaitable<Outcome> {
    if (bearer_matches(exchange.request()[http::Field::authorization], hash)) co_return std::nullopt;
    auto response = http::error_response(http::ApiError::unauthorized("a valid bearer token is required"),
                                         exchange.request().version());
    response.set(http::Field::www_authenticate, "Bearer");
    co_return response;
  };
}

}  // namespace octobot::agent_api
