// The TLS server context the proxy presents to a client for one intercepted
// host.
//
// Contract of make_leaf_server_context(leaf, leaf_key, ca, host):
// - TLS 1.2 or newer, renegotiation off; certificate `leaf` with `leaf_key`,
//   chain [ca]. The context holds its own references to all three.
// - ALPN: selects "http/1.1" when the client offers it; otherwise no protocol
//   is selected (the handshake proceeds). h2 is never selected.
// - SNI: a client that sends a server name must send `host` (ASCII case and a
//   trailing dot ignored); any other name fails the handshake with a fatal
//   unrecognized_name alert. A client without SNI is accepted.
// - Errors (OpenSSL failures) come back as a message; never throws except on
//   allocation failure.
#pragma once
#include "lib/result.hpp"

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

namespace octobot::proxy {

Expected<std::shared_ptr<boost::asio::ssl::context>, std::string> make_leaf_server_context(X509* leaf,
                                                                                            EVP_PKEY* leaf_key,
                                                                                            X509* ca,
                                                                                            std::string host);

}  // namespace octobot::proxy
