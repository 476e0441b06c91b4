// Header rewriting for proxied requests: hop-by-hop removal and a host rule's
// set/remove/credential actions (DESIGN.md §7).
//
// Contract:
// - strip_hop_by_hop() removes Connection, the headers Connection names,
//   Keep-Alive, Proxy-Connection, Proxy-Authorization, Proxy-Authenticate,
//   TE, Trailer and Upgrade — except that `keep_upgrade` keeps Upgrade and a
//   "Connection: upgrade" (WebSocket handshakes). Host, Content-Length and
//   Transfer-Encoding stay even when Connection names them: the message was
//   framed by them, and relaying its body without them would let the next
//   hop read the body as another message.
// - apply_rule() removes the rule's remove_headers, then sets its set_headers,
//   then, only when `inject_credentials`, replaces each credential's
//   placeholder: a header value equal to the placeholder, or "Bearer
//   <placeholder>" (scheme case-insensitive), becomes the real value. It
//   returns the headers whose credential was injected (names only).
// - Nothing here logs; the secret lives only in the fields it was written to.
#pragma once
#include "proxy/config/proxy_config.hpp"

#include <boost/beast/http/fields.hpp>

#include <string>
#include <vector>

namespace octobot::proxy {

void strip_hop_by_hop(boost::beast::http::fields& fields, bool keep_upgrade);

std::vector<std::string> apply_rule(boost::beast::http::fields& fields, const HostRule& rule,
                                    bool inject_credentials);

// True when the request asks for a protocol upgrade to WebSocket.
bool is_websocket_upgrade(const boost::beast::http::fields& fields);

}  // namespace octobot::proxy
