// Authenticator: who is calling. Single-user mode (the default) has one
// anonymous user. On a loopback listen address no credentials are needed; on
// any other address every request must carry the access token printed at
// start-up, as "Authorization: Bearer <token>", the cookie "octobot_token", or
// the query parameter "token" (for EventSource and links). Without a token,
// the Host header must name a loopback host (localhost, 127.x, [::1]): a web
// page that rebinds its own domain to 127.0.0.1 (DNS rebinding) gets 403.
// Team mode (OAuth, API tokens) plugs in behind the same interface.
//
// Access tokens: check_access_token() is the rule for a supplied one (at
// least kMinAccessTokenLength characters of [A-Za-z0-9._~-], so it is safe in
// a URL and a cookie); generated ones carry 256 random bits.
#pragma once
#include "lib/http/exchange.hpp"
#include "lib/http/json.hpp"

#include <string>

namespace octobot::auth {

struct Principal {
  std::string user_id;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Decides from the request header alone (it runs before the body is read).
  virtual http::Result<Principal> authenticate(const http::Exchange& exchange) const = 0;
  // True when `token` is an access token this server accepts (for the token link).
  virtual bool is_access_token(std::string_view token) const = 0;
};

class SingleUserAuthenticator final : public Authenticator {
 public:
  // access_token empty: every caller is the anonymous user.
  SingleUserAuthenticator(std::string user_id, std::string access_token);
  http::Result<Principal> authenticate(const http::Exchange& exchange) const override;
  bool is_access_token(std::string_view token) const override;

 private:
  std::string user_id_;
  std::string access_token_;
};

constexpr std::size_t kMinAccessTokenLength = 16;
// nullopt when `token` may be used as an access token, else why not.
std::optional<std::string> check_access_token(std::string_view token);
// A new random access token (43 characters, 256 bits).
std::string generate_access_token();

// The token a request presents (header, cookie or query), or "".
std::string presented_token(const http::Exchange& exchange);

// True when a Host header value ("127.0.0.1:8080", "localhost", "[::1]:80") names this machine.
bool is_loopback_host(std::string_view host);

}  // namespace octobot::auth
