// Cross-site request forgery defence.
//
// A web page on another site can make the user's browser send a request to
// this server (form posts, no-cors fetch, sendBeacon) without a CORS
// preflight. A request that changes state (any method but GET, HEAD and
// OPTIONS) is refused with 403 when the browser says it comes from elsewhere:
//  - Sec-Fetch-Site, when present, is neither "same-origin" nor "none";
//  - Origin, when present, is neither this server's own origin
//    ("http://" + the request's Host) nor one of the configured public
//    origins (the scheme://host[:port] of --public-url, for a server behind a
//    TLS front end). "Origin: null" (sandboxed frames, file: pages) is refused.
// Clients that are not browsers (curl, the CLI, CI) send neither header and
// pass: no page lured them. Body requests must also declare JSON (see
// http::check_json_content_type), which no cross-site form can send.
#pragma once
#include "lib/http/json.hpp"

#include <optional>
#include <string>
#include <vector>

namespace octobot::auth {

class CrossSitePolicy {
 public:
  // public_origins: "https://octobot.example.com" (scheme://host[:port], no path).
  explicit CrossSitePolicy(std::vector<std::string> public_origins = {});
  // nullopt when the request may proceed; 403 otherwise.
  std::optional<http::ApiError> check(const http::Request& request) const;
  // A WebSocket handshake is a GET that any page may send cross-site (no CORS applies), so the
  // Sec-Fetch-Site and Origin rules above apply to it although it is a GET.
  std::optional<http::ApiError> check_websocket(const http::Request& request) const;

 private:
  std::optional<http::ApiError> check_origin(const http::Request& request) const;
  bool is_own_origin(std::string_view origin, std::string_view host) const;
  std::vector<std::string> public_origins_;
};

// The origin ("https://host:port", lowercase, default port dropped) of an
// absolute http(s) URL, or nullopt when it is not one.
std::optional<std::string> origin_of_url(std::string_view url);

}  // namespace octobot::auth
