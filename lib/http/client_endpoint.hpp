// Endpoint: where an HTTP client connects, parsed from a base URL.
//
// Accepted forms (scheme case-insensitive):
//   http://host[:port]    default port 80
//   https://host[:port]   default port 443
//   unix:/path/to.sock    also unix:///path/to.sock (Docker's spelling)
// host is a name, an IPv4 address or a bracketed IPv6 address. A trailing "/"
// is allowed; any other path, a query, a fragment or user info is an error (the
// path belongs to each request's target). parse() never throws; its error
// message quotes the URL and shows the accepted forms.
#pragma once
#include "lib/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace octobot::http {

struct Endpoint {
  enum class Scheme { http, https, unix_socket };

  Scheme scheme = Scheme::http;
  std::string host;         // http/https: name or address, IPv6 without brackets
  std::uint16_t port = 0;   // http/https
  std::string socket_path;  // unix_socket

  static Expected<Endpoint, std::string> parse(std::string_view url);

  bool tls() const { return scheme == Scheme::https; }
  // Value for the Host header: "host", "host:port" (non-default port),
  // "[::1]:8080"; "localhost" for unix sockets.
  std::string host_header() const;
  // Canonical URL, e.g. "http://127.0.0.1:8080" or "unix:/run/docker.sock".
  std::string to_string() const;
};

}  // namespace octobot::http
