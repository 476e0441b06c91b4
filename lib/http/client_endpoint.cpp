#include "lib/http/client_endpoint.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sys/un.h>

namespace octobot::http {
namespace {

constexpr std::string_view accepted_forms = "expected http://host:port, https://host:port or unix:/path/to.sock";

std::string bad_url(std::string_view url, std::string_view why) {
  return "invalid URL \"" + std::string(url) + "\": " + std::string(why);
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char p, char t) { return p == std::tolower(static_cast<unsigned char>(t)); });
}

bool valid_host_name(std::string_view host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
  });
}

bool valid_ipv6(std::string_view host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
  }) && host.find(':') != std::string_view::npos;
}

Expected<Endpoint, std::string> parse_unix(std::string_view url, std::string_view rest) {
  if (rest.starts_with("//")) rest.remove_prefix(2);
  if (rest.empty()) return bad_url(url, "a unix socket URL needs a path, e.g. unix:/var/run/docker.sock");
  if (rest.size() >= sizeof(sockaddr_un::sun_path)) return bad_url(url, "the socket path is too long");
  Endpoint endpoint;
  endpoint.scheme = Endpoint::Scheme::unix_socket;
  endpoint.socket_path = std::string(rest);
  return endpoint;
}

// Splits "host[:port]" / "[v6][:port]" into host and port text.
Expected<std::pair<std::string_view, std::string_view>, std::string> split_authority(std::string_view url,
                                                                                   std::string_view authority) {
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad_url(url, "unterminated [ in IPv6 address");
    const auto after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return bad_url(url, "unexpected text after ]");
    const std::string_view host = authority.substr(1, close - 1);
    if (!valid_ipv6(host)) return bad_url(url, "invalid IPv6 address");
    return std::pair{host, after.empty() ? after : after.substr(1)};
  }
  const auto colon = authority.find(':');
  const std::string_view host = authority.substr(0, colon);
  if (!valid_host_name(host)) return bad_url(url, host.empty() ? "missing host" : "invalid host name");
  const std::string_view port = colon == std::string_view::npos ? std::string_view() : authority.substr(colon + 1);
  if (colon != std::string_view::npos && port.empty()) return bad_url(url, "empty port");
  return std::pair{host, port};
}

Expected<std::uint16_t, std::string> parse_port(std::string_view url, std::string_view text, std::uint16_t fallback) {
  if (text.empty()) return fallback;
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) {
    return bad_url(url, "the port must be a number from 1 to 65535");
  }
  return static_cast<std::uint16_t>(value);
}

Expected<Endpoint, std::string> parse_network(std::string_view url, std::string_view rest, Endpoint::Scheme scheme) {
  const auto slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (authority.find_first_of("?#") != std::string_view::npos) return bad_url(url, "query or fragment not allowed");
  if (authority.find('@') != std::string_view::npos) return bad_url(url, "user info is not supported");
  if (!path.empty() && path != "/") return bad_url(url, "a base URL has no path; pass the path as the request target");
  auto parts = split_authority(url, authority);
  if (!parts) return parts.error();
  auto port = parse_port(url, parts->second, scheme == Endpoint::Scheme::https ? 443 : 80);
  if (!port) return port.error();
  Endpoint endpoint;
  endpoint.scheme = scheme;
  endpoint.host = std::string(parts->first);
  endpoint.port = *port;
  return endpoint;
}

}  // namespace

Expected<Endpoint, std::string> Endpoint::parse(std::string_view url) {
  if (starts_with_nocase(url, "unix:")) return parse_unix(url, url.substr(5));
  if (starts_with_nocase(url, "http://")) return parse_network(url, url.substr(7), Scheme::http);
  if (starts_with_nocase(url, "https://")) return parse_network(url, url.substr(8), Scheme::https);
  return bad_url(url, accepted_forms);
}

std::string Endpoint::host_header() const {
  if (scheme == Scheme::unix_socket) return "localhost";
  const std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  const std::uint16_t default_port = scheme == Scheme::https ? 443 : 80;
  return port == default_port ? name : name + ":" + std::to_string(port);
}

std::string Endpoint::to_string() const {
  if (scheme == Scheme::unix_socket) return "unix:" + socket_path;
  const std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return std::string(scheme == Scheme::https ? "https://" : "http://") + name + ":" + std::to_string(port);
}

}  // namespace octobot::http
