// Registry blobs that the registry redirects elsewhere (Docker Hub, GHCR and
// most registries hand blobs to a CDN): the proxy follows the redirect itself,
// so the blob reaches the client as the CDN's answer and fills the cache.
//
// Contract of follow_redirect(): `location` is where a held redirect (status
// `status`, see ExchangeOptions::hold_redirects) points. When it is an https
// URL or an absolute path of a host the current policy allows, the proxy
// connects to it (dial with the SSRF checks, verified TLS), sends a GET with
// only Host, Accept and the client's User-Agent (never the registry's
// Authorization; the target host's own rule applies, as to any request to it)
// and relays the answer to the client through relay_exchange() with `options`
// (so the cache tap sees the body). Up to three further redirects are
// followed the same way. Otherwise (cleartext, a host not allowed, too many
// hops) the redirect itself is passed to the client, which may follow it on
// its own. A failed connection or handshake returns response_started false
// and the reason (the caller answers 502).
#pragma once
#include "proxy/server/exchange.hpp"
#include "proxy/server/session.hpp"

namespace octobot::proxy {

struct RedirectedRequest {
  bool keep_alive = true;
  std::string user_agent;
};

asio::awaitable<ExchangeOutcome> follow_redirect(Session& session, TlsSocket& client, const Destination& from,
                                                 unsigned status, std::string location,
                                                 const RedirectedRequest& request, ExchangeOptions options,
                                                 AccessEntry& entry);

}  // namespace octobot::proxy
