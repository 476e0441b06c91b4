// Parsing of the places a client names its destination: a CONNECT authority
// ("host:port", "[v6]:port"), an absolute-form URL ("http://host[:port]/p")
// and a Host header ("host[:port]").
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

  friend bool operator==(const Destination&, const Destination&) = default;
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

// "http://..." (port 80 by default) or "https://..." (port 443 by default):
// an absolute-form request target inside an intercepted connection.
std::optional<AbsoluteUrl> parse_absolute_url(std::string_view url);

// A Host header value: "host", "host:port", "[v6]" or "[v6]:port"; a missing
// port is `default_port`. Case and one trailing dot of a name do not matter
// (the host comes back canonical).
std::optional<Destination> parse_host_header(std::string_view value, std::uint16_t default_port);

// Where a redirect points, for the proxy to follow it itself: an absolute
// "https://host[:port]/path?query" (port 443 by default) or an absolute path
// ("/path?query", on `base`). Anything else (cleartext http, other schemes,
// scheme-relative "//host", spaces or control characters) → nullopt.
std::optional<AbsoluteUrl> parse_https_location(std::string_view location, const Destination& base);

// "host:port" with brackets around IPv6 literals (for Host headers and logs).
std::string authority_text(const Destination& destination);

// The Host header for `destination`: authority_text() without the port when
// it is `default_port` (the scheme's).
std::string host_header_text(const Destination& destination, std::uint16_t default_port);

}  // namespace octobot::proxy
