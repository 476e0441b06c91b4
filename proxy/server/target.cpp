#include "proxy/server/target.hpp"

#include "proxy/rules/host_pattern.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace octobot::proxy {
namespace {

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

// Splits "host:port" / "[v6]:port" / "host" into host text and optional port text.
std::optional<std::pair<std::string_view, std::string_view>> split_authority(std::string_view authority) {
  if (authority.find('@') != std::string_view::npos) return std::nullopt;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    auto rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    return std::pair{authority.substr(1, close - 1), rest.empty() ? rest : rest.substr(1)};
  }
  auto colon = authority.rfind(':');
  if (colon == std::string_view::npos) return std::pair{authority, std::string_view{}};
  if (authority.find(':') != colon) return std::nullopt;  // a bare IPv6 literal needs brackets
  return std::pair{authority.substr(0, colon), authority.substr(colon + 1)};
}

}  // namespace

std::optional<std::string> canonical_destination_host(std::string_view host) {
  boost::system::error_code error;
  auto address = boost::asio::ip::make_address(std::string(host), error);
  if (!error) {
    if (address.is_v6() && address.to_v6().scope_id() != 0) return std::nullopt;
    return address.to_string();
  }
  return canonical_host(host);
}

std::optional<Destination> parse_authority(std::string_view authority) {
  auto parts = split_authority(authority);
  if (!parts || parts->second.empty()) return std::nullopt;
  auto host = canonical_destination_host(parts->first);
  auto port = parse_port(parts->second);
  if (!host || !port) return std::nullopt;
  return Destination{*host, *port};
}

std::optional<Destination> parse_host_header(std::string_view value, std::uint16_t default_port) {
  auto parts = split_authority(value);
  if (!parts) return std::nullopt;
  auto host = canonical_destination_host(parts->first);
  auto port = parts->second.empty() ? std::optional<std::uint16_t>(default_port) : parse_port(parts->second);
  if (!host || !port) return std::nullopt;
  return Destination{*host, *port};
}

namespace {

bool starts_with_scheme(std::string_view url, std::string_view scheme) {
  return url.size() >= scheme.size() &&
         std::equal(scheme.begin(), scheme.end(), url.begin(),
                    [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

// "<scheme>host[:port][/path][?query]" with the scheme already checked.
std::optional<AbsoluteUrl> parse_url_after_scheme(std::string_view rest, std::uint16_t default_port) {
  auto path_start = rest.find_first_of("/?#");
  auto destination = parse_host_header(rest.substr(0, path_start), default_port);
  if (!destination) return std::nullopt;
  std::string target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (auto fragment = target.find('#'); fragment != std::string::npos) target.resize(fragment);
  if (target.empty() || target.front() != '/') target.insert(target.begin(), '/');
  return AbsoluteUrl{std::move(*destination), target};
}

bool visible_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

std::optional<AbsoluteUrl> parse_absolute_http_url(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (!starts_with_scheme(url, scheme)) return std::nullopt;
  return parse_url_after_scheme(url.substr(scheme.size()), 80);
}

std::optional<AbsoluteUrl> parse_absolute_url(std::string_view url) {
  constexpr std::string_view https = "https://";
  if (starts_with_scheme(url, https)) return parse_url_after_scheme(url.substr(https.size()), 443);
  return parse_absolute_http_url(url);
}

std::optional<AbsoluteUrl> parse_https_location(std::string_view location, const Destination& base) {
  constexpr std::string_view scheme = "https://";
  if (!visible_ascii(location)) return std::nullopt;
  if (location.starts_with("/") && !location.starts_with("//")) {
    std::string target(location.substr(0, location.find('#')));
    return AbsoluteUrl{base, target};
  }
  if (!starts_with_scheme(location, scheme)) return std::nullopt;
  return parse_url_after_scheme(location.substr(scheme.size()), 443);
}

std::string authority_text(const Destination& destination) {
  bool v6 = destination.host.find(':') != std::string::npos;
  return (v6 ? "[" + destination.host + "]" : destination.host) + ":" + std::to_string(destination.port);
}

std::string host_header_text(const Destination& destination, std::uint16_t default_port) {
  if (destination.port != default_port) return authority_text(destination);
  return destination.host.find(':') != std::string::npos ? "[" + destination.host + "]" : destination.host;
}

}  // namespace octobot::proxy
