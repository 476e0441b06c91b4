// The name a TLS certificate is issued for or checked against.
//
// Contract:
// - parse_tls_host() accepts an IP literal (IPv4 dotted quad, IPv6 with or
//   without [brackets], no zone id) or a host name valid for canonical_host()
//   (proxy/rules/host_pattern.hpp). It returns the canonical text: lowercase
//   name without trailing dot, or the address in Asio's canonical form
//   ("::1", "2001:db8::1"). nullopt for anything else (empty, "a b", "x%y").
// - server_name_matches() compares a client's SNI with a host: equal ignoring
//   ASCII case and one trailing dot on either side.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace octobot::proxy {

struct TlsHost {
  std::string name;
  bool is_ip = false;
};

std::optional<TlsHost> parse_tls_host(std::string_view host);

bool server_name_matches(std::string_view server_name, std::string_view host);

}  // namespace octobot::proxy
