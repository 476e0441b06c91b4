// Helpers shared by the proxy/tls tests: writing a file, a fake upstream
// (CA and leaves) and a real TLS handshake between two Asio SSL streams over loopback TCP.
#pragma once
#include "proxy/tls/certificate_authority.hpp"
#include "proxy/tls/leaf_certificates.hpp"
#include "proxy/tls/openssl_handles.hpp"
#include "tests/unit/proxy/temp_dir.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <string>

namespace octobot::proxy::testing {

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// An upstream server: a CA of its own and leaves signed by it.
struct FakeUpstream {
  FakeUpstream() : authority(*CertificateAuthority::generate()), leaves(authority) {}
  std::string write_ca_file(const test::TempDir& directory) const {
    const auto path = directory.file("upstream-ca.pem");
    write_text(path, authority->certificate_pem());
    return path;
  }
  std::shared_ptr<const CertificateAuthority> authority;
  LeafCertificates leaves;
};

struct HandshakeOutcome {
  bool server_done = false;
  bool client_done = false;
  boost::system::error_code server_error;
  boost::system::error_code client_error;
  std::string server_saw_sni;     // "" when the client sent none
  std::string alpn;               // the protocol the client sees selected
  long client_verify_result = -1;  // SSL_get_verify_result on the client
  bool succeeded() const { return server_done && client_done && !server_error && !client_error; }
};

// Runs one TLS handshake over loopback TCP. `prepare_client` runs on the
// client's SSL before the handshake; `inspect_client` (optional) after it,
// whether it succeeded or not.
inline HandshakeOutcome run_handshake(boost::asio::ssl::context& server_context,
                                      boost::asio::ssl::context& client_context,
                                      const std::function<void(SSL*)>& prepare_client,
                                      const std::function<void(SSL*)>& inspect_client = {}) {
  namespace asio = boost::asio;
  using tcp = asio::ip::tcp;
  using error_code = boost::system::error_code;
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  asio::ssl::stream<tcp::socket> server(io, server_context);
  asio::ssl::stream<tcp::socket> client(io, client_context);
  HandshakeOutcome outcome;
  prepare_client(client.native_handle());

  acceptor.async_accept(server.next_layer(), [&](error_code accepted) {
    if (accepted) {
      outcome.server_done = true;
      outcome.server_error = accepted;
      return;
    }
    server.async_handshake(asio::ssl::stream_base::server, [&](error_code error) {
      outcome.server_done = true;
      outcome.server_error = error;
      const char* sni = SSL_get_servername(server.native_handle(), TLSEXT_NAMETYPE_host_name);
      outcome.server_saw_sni = sni != nullptr ? sni : "";
      if (error) server.next_layer().close();
    });
  });
  client.next_layer().async_connect(acceptor.local_endpoint(), [&](error_code connected) {
    if (connected) {
      outcome.client_done = true;
      outcome.client_error = connected;
      return;
    }
    client.async_handshake(asio::ssl::stream_base::client, [&](error_code error) {
      outcome.client_done = true;
      outcome.client_error = error;
      const unsigned char* protocol = nullptr;
      unsigned int length = 0;
      SSL_get0_alpn_selected(client.native_handle(), &protocol, &length);
      if (protocol != nullptr) outcome.alpn.assign(reinterpret_cast<const char*>(protocol), length);
      outcome.client_verify_result = SSL_get_verify_result(client.native_handle());
      if (inspect_client) inspect_client(client.native_handle());
      if (error) client.next_layer().close();
    });
  });
  io.run_for(std::chrono::seconds(20));  // a guard against a hung handshake, not synchronisation
  return outcome;
}

// A client context that trusts only `ca` and verifies the peer.
inline std::unique_ptr<boost::asio::ssl::context> client_trusting(X509* ca) {
  auto context = std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
  X509_STORE_add_cert(SSL_CTX_get_cert_store(context->native_handle()), ca);
  context->set_verify_mode(boost::asio::ssl::verify_peer);
  return context;
}

inline void offer_alpn(SSL* ssl, const std::string& wire_list) {
  SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(wire_list.data()),
                      static_cast<unsigned int>(wire_list.size()));
}

}  // namespace octobot::proxy::testing
