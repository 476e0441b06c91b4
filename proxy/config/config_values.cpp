#include "proxy/config/config_values.hpp"

#include "proxy/config/proxy_config.hpp"
#include "proxy/rules/host_pattern.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>

namespace octobot::proxy {
namespace {

struct Unit {
  std::string_view name;  // lowercase
  std::uint64_t factor;
};

constexpr std::array kSizeUnits{
    Unit{"", 1},           Unit{"b", 1},          Unit{"kb", 1'000},     Unit{"mb", 1'000'000},
    Unit{"gb", 1'000'000'000}, Unit{"tb", 1'000'000'000'000}, Unit{"kib", 1ull << 10}, Unit{"mib", 1ull << 20},
    Unit{"gib", 1ull << 30}, Unit{"tib", 1ull << 40},
};

constexpr std::array kDurationUnits{
    Unit{"", 1'000}, Unit{"ms", 1}, Unit{"s", 1'000}, Unit{"m", 60'000}, Unit{"h", 3'600'000},
};

struct NumberWithUnit {
  std::uint64_t number;
  std::string unit;  // lowercase, "" when none
};

// "20GiB" or "20 GiB" → {20, "gib"}.
std::optional<NumberWithUnit> split_number(std::string_view text) {
  const std::size_t end = std::min(text.find_first_not_of("0123456789"), text.size());
  if (end == 0) return std::nullopt;
  std::uint64_t number = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + end, number);
  if (ec != std::errc() || ptr != text.data() + end) return std::nullopt;
  std::string_view unit = text.substr(end);
  if (unit.starts_with(' ')) unit.remove_prefix(1);
  return NumberWithUnit{number, to_lower_ascii(unit)};
}

template <std::size_t N>
std::optional<std::uint64_t> scaled(std::string_view text, const std::array<Unit, N>& units, std::uint64_t max) {
  auto parsed = split_number(text);
  if (!parsed) return std::nullopt;
  for (const Unit& unit : units) {
    if (unit.name != parsed->unit) continue;
    if (parsed->number > max / unit.factor) return std::nullopt;
    return parsed->number * unit.factor;
  }
  return std::nullopt;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || port == 0 || port > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(port);
}

bool looks_numeric(std::string_view host) { return host.find_first_not_of("0123456789.") == std::string_view::npos; }

// A listen host without brackets: IPv4, or a host name (returned in canonical form).
std::optional<std::string> listen_host(std::string_view host) {
  if (auto ip = canonical_ip_literal(host); ip && host.find(':') == std::string_view::npos) return ip;
  if (looks_numeric(host)) return std::nullopt;  // "1.2.3" is neither an address nor a name
  return canonical_host(host);
}

std::optional<ListenAddress> parse_unix_listen(std::string_view path) {
  constexpr std::size_t max_path = 107;  // sizeof(sockaddr_un::sun_path) - 1
  if (!path.starts_with('/') || path.size() > max_path || path.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  return ListenAddress{"", 0, std::string(path)};
}

std::optional<ListenAddress> parse_host_port(std::string_view text) {
  std::string_view host;
  std::string_view port_text;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || text.substr(close + 1, 1) != ":") return std::nullopt;
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
    if (host.find(':') == std::string_view::npos) return std::nullopt;  // brackets are for IPv6 only
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return std::nullopt;  // IPv6 needs brackets
  }
  auto port = parse_port(port_text);
  auto canonical = text.starts_with('[') ? canonical_ip_literal(host) : listen_host(host);
  if (!port || !canonical) return std::nullopt;
  return ListenAddress{std::move(*canonical), *port, ""};
}

}  // namespace

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
  return scaled(text, kSizeUnits, std::numeric_limits<std::uint64_t>::max());
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  using Rep = std::chrono::milliseconds::rep;
  auto ms = scaled(text, kDurationUnits, static_cast<std::uint64_t>(std::numeric_limits<Rep>::max()));
  if (!ms) return std::nullopt;
  return std::chrono::milliseconds(static_cast<Rep>(*ms));
}

std::optional<ListenAddress> parse_listen_address(std::string_view text, bool allow_unix) {
  if (text.starts_with("unix:")) {
    if (!allow_unix) return std::nullopt;
    return parse_unix_listen(text.substr(5));
  }
  return parse_host_port(text);
}

std::string quote_value(std::string_view text) {
  constexpr std::size_t max_shown = 80;
  std::string out = "\"";
  for (char c : text.substr(0, max_shown)) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  if (text.size() > max_shown) out += "...";
  return out + "\"";
}

bool is_http_token(std::string_view text) {
  constexpr std::string_view symbols = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           symbols.find(c) != std::string_view::npos;
  });
}

bool is_framing_header(std::string_view lowercase_name) {
  constexpr std::array<std::string_view, 10> framing{
      "host", "content-length", "transfer-encoding", "connection", "upgrade",
      "te",   "trailer",        "keep-alive",        "proxy-connection", "expect"};
  return std::find(framing.begin(), framing.end(), lowercase_name) != framing.end();
}

bool is_safe_header_value(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && byte != '\t') || byte == 0x7f;
  });
}

bool is_valid_placeholder(std::string_view text) {
  if (text.size() < 8 || text.size() > 128) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::optional<std::string> header_name_problem(std::string_view name) {
  if (!is_http_token(name)) return "not a valid header name: " + quote_value(name);
  if (is_framing_header(to_lower_ascii(name))) {
    return std::string(name) + " frames or routes the message; a rule cannot set or remove it";
  }
  return std::nullopt;
}

std::string to_lower_ascii(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return lower;
}

std::optional<std::string> canonical_ip_literal(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.find('%') != std::string_view::npos) return std::nullopt;  // no zone ids
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return address.to_string();
}

std::string format_duration(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  if (ms != 0 && ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms != 0 && ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms % 1'000 == 0) return std::to_string(ms / 1'000) + "s";
  return std::to_string(ms) + "ms";
}

std::string resolve_path(const std::string& base_dir, const std::string& path) {
  if (path.empty() || path.front() == '/' || base_dir.empty()) return path;
  return base_dir.back() == '/' ? base_dir + path : base_dir + "/" + path;
}

}  // namespace octobot::proxy
