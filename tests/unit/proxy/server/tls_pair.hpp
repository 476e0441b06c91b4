// Test support for TlsSocket tests: a throwaway CA with a leaf for
// "example.com" (server side), a client context trusting that CA, and a
// connected pair of loopback TCP sockets.
#pragma once
#include "proxy/tls/certificate_authority.hpp"
#include "proxy/tls/leaf_certificates.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <utility>

namespace octobot::proxy::testing {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

// A leaf for "example.com" (server side) and a client context trusting its CA.
struct Contexts {
  Contexts()
      : authority(*CertificateAuthority::generate()),
        leaves(authority),
        server(leaves.server_context_for("example.com")),
        client(ssl::context::tls_client) {
    X509_STORE_add_cert(SSL_CTX_get_cert_store(client.native_handle()), authority->certificate());
    client.set_verify_mode(ssl::verify_peer);
  }
  std::shared_ptr<const CertificateAuthority> authority;
  LeafCertificates leaves;
  std::shared_ptr<ssl::context> server;
  ssl::context client;
};

// A connected pair of TCP sockets on `io`.
inline std::pair<tcp::socket, tcp::socket> connected_pair(asio::io_context& io) {
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  tcp::socket a(io), b(io);
  a.connect(acceptor.local_endpoint());
  acceptor.accept(b);
  return {std::move(a), std::move(b)};
}

}  // namespace octobot::proxy::testing
