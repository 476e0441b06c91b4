// TLS towards upstream servers: the client context the proxy dials with, the
// per-connection name checks, and the reason a verification failed.
//
// Contract:
// - make_upstream_context(extra_ca_files): a TLS 1.2+ client context that
//   verifies the peer against the system default store plus every certificate
//   in each extra PEM file, and offers ALPN "http/1.1" only. An extra file that
//   is missing, unreadable or holds no PEM certificate is an error naming it.
//   Never throws except on allocation failure.
// - prepare_upstream_ssl(ssl, host) must run before the handshake: for a host
//   name it sends SNI and requires the certificate to match the name
//   (SSL_set1_host, no partial wildcards); for an IP literal ("[::1]" brackets
//   allowed) it sends no SNI and requires a matching iPAddress SAN. A host that
//   is neither (empty, malformed) makes the handshake fail verification with a
//   host-mismatch error: it never leaves the name unchecked.
// - upstream_verify_failure(ssl) after a failed handshake: e.g.
//   "certificate verify failed: self-signed certificate in certificate chain
//   (upstream example.com)", or "" when certificate verification passed (the
//   handshake then failed for another reason).
#pragma once
#include "lib/result.hpp"

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>
#include <vector>

namespace octobot::proxy {

Expected<std::shared_ptr<boost::asio::ssl::context>, std::string> make_upstream_context(
    const std::vector<std::string>& extra_ca_files);

void prepare_upstream_ssl(SSL* ssl, const std::string& host);

std::string upstream_verify_failure(SSL* ssl);

}  // namespace octobot::proxy
