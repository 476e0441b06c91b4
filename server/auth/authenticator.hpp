// Authenticator: who is calling. Single-user mode (the default) has one
// anonymous user. On a loopback listen address no credentials are needed; on
// any other address every request must carry the access token printed at
// start-up, as "Authorization: Bearer <token>", the cookie "octobot_token", or
// the query parameter "token" (for EventSource and links). Without a token,
// the Host header must name a loopback host (localhost, 127.x, [::1]): a web
// page that rebinds its own domain to 127.0.0.1 (DNS rebinding) gets 403.
// Team mode (OAuth, API tokens) plugs in behind the same interface.
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
  virtual http::Result<Principal> authenticate(const http::Exchange& exchange) const = 0;
};

class SingleUserAuthenticator final : public Authenticator {
 public:
  // access_token empty: every caller is the anonymous user.
  SingleUserAuthenticator(std::string user_id, std::string access_token);
  http::Result<Principal> authenticate(const http::Exchange& exchange) const override;

 private:
  std::string user_id_;
  std::string access_token_;
};

// The token a request presents (header, cookie or query), or "".
std::string presented_token(const http::Exchange& exchange);

// True when a Host header value ("127.0.0.1:8080", "localhost", "[::1]:80") names this machine.
bool is_loopback_host(std::string_view host);

}  // namespace octobot::auth
