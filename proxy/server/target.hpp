// Parsing of the places a client names its destination: a CONNECT authority
// ("host:port", "[v6]:port") and an absolute-form URL ("http://host[:port]/p").
//
// Contract: hosts come back canonical (canonical_host() for names, the
// normalised text for IP literals, IPv6 without brackets); nullopt for
// anything malformed: missing or zero port, userinfo ("user@host"),
// out-of-range port, invalid names. Never throws.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace octobot::proxy {

struct Destination {
  std::string host;
  std::uint16_t port = 0;
};

// "host" or an IP literal → canonical text, or nullopt.
std::optional<std::string> canonical_destination_host(std::string_view host);

// CONNECT target: the port is required.
std::optional<Destination> parse_authority(std::string_view authority);

struct AbsoluteUrl {
  Destination destination;
  std::string origin_target;  // "/path?query" ("/" when empty)
};

// "http://host[:port][/path][?query]"; the port defaults to 80. Other schemes → nullopt.
std::optional<AbsoluteUrl> parse_absolute_http_url(std::string_view url);

// Where a redirect points, for the proxy to follow it itself: an absolute
// "https://host[:port]/path?query" (port 443 by default) or an absolute path
// ("/path?query", on `base`). Anything else (cleartext http, other schemes,
// scheme-relative "//host", spaces or control characters) → nullopt.
std::optional<AbsoluteUrl> parse_https_location(std::string_view location, const Destination& base);

// "host:port" with brackets around IPv6 literals (for Host headers and logs).
std::string authority_text(const Destination& destination);

}  // namespace octobot::proxy
