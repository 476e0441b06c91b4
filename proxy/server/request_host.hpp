// Binding a proxied request to the destination it is sent to (RFC 9112
// §3.2, §3.2.2). Behind a shared front end (a CDN) the Host header picks the
// backend, so the Host an upstream sees must be the host the proxy decided
// on, and a credential must never ride on a request that names another host.
//
// Contract of bind_request_host(request, destination, default_port):
// - `destination` is where the request goes: the tunnel's target (CONNECT or
//   SOCKS5) or the authority of the absolute-form target the caller parsed;
//   `default_port` is the scheme's port (443 inside interception, 80 for
//   plain forwarding).
// - Refused, with the reason (the caller answers 400 and closes; nothing is
//   sent upstream): more than one Host field; a Host that does not name
//   `destination`; an absolute-form target ("http://" or "https://", each with
//   its scheme's default port) whose authority is not `destination`; a target
//   that is neither origin-form ("/path"), absolute-form, nor "*" for OPTIONS.
//   Hosts are compared in canonical form (case and one trailing dot do not
//   matter, IP literals are normalised); a Host or URL without a port means
//   the scheme's default port, so "host" and "host:other-port" differ.
// - Otherwise the target becomes origin-form and Host is set to the
//   destination's canonical text (the port left out when it is
//   `default_port`); a missing Host is added. The access log's host is then
//   the host actually sent.
//
// request_names_host(request, host) is the last check before a credential is
// injected: true only when the request has exactly one Host field naming
// `host` (any port) and an origin-form or "*" target.
#pragma once
#include "proxy/server/target.hpp"

#include "lib/result.hpp"

#include <boost/beast/http/message.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace octobot::proxy {

Expected<void, std::string> bind_request_host(boost::beast::http::request_header<>& request,
                                              const Destination& destination, std::uint16_t default_port);

bool request_names_host(const boost::beast::http::request_header<>& request, std::string_view host);

}  // namespace octobot::proxy
