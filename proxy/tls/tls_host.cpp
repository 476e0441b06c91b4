#include "proxy/tls/tls_host.hpp"

#include "proxy/rules/host_pattern.hpp"

#include <boost/asio/ip/address.hpp>

namespace octobot::proxy {
namespace {

std::string_view without_brackets(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
  return host;
}

std::optional<std::string> canonical_ip(std::string_view host) {
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(std::string(without_brackets(host)), error);
  if (error) return std::nullopt;
  if (address.is_v6() && address.to_v6().scope_id() != 0) return std::nullopt;
  return address.to_string();
}

std::string_view without_trailing_dot(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return name;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::optional<TlsHost> parse_tls_host(std::string_view host) {
  if (auto ip = canonical_ip(host)) return TlsHost{std::move(*ip), true};
  if (auto name = canonical_host(host)) return TlsHost{std::move(*name), false};
  return std::nullopt;
}

bool server_name_matches(std::string_view server_name, std::string_view host) {
  server_name = without_trailing_dot(server_name);
  host = without_trailing_dot(host);
  if (server_name.size() != host.size()) return false;
  for (std::size_t i = 0; i < host.size(); ++i) {
    if (ascii_lower(server_name[i]) != ascii_lower(host[i])) return false;
  }
  return true;
}

}  // namespace octobot::proxy
