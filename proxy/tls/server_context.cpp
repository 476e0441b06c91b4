#include "proxy/tls/server_context.hpp"

#include "proxy/tls/openssl_handles.hpp"
#include "proxy/tls/tls_host.hpp"

#include <string_view>

namespace octobot::proxy {
namespace {

namespace ssl = boost::asio::ssl;

// A context together with the host its SNI callback compares against; the
// callback's argument points into this object, which lives as long as the context.
struct LeafServerContext {
  explicit LeafServerContext(std::string host_name) : host(std::move(host_name)) {}
  ssl::context context{ssl::context::tls_server};
  std::string host;
};

int select_http1_only(SSL*, const unsigned char** selected, unsigned char* selected_length,
                      const unsigned char* offered, unsigned int offered_length, void*) {
  constexpr std::string_view http1 = "http/1.1";
  unsigned int position = 0;
  while (position < offered_length) {
    const unsigned int length = offered[position];
    const unsigned char* name = offered + position + 1;
    if (position + 1 + length > offered_length) break;
    if (std::string_view(reinterpret_cast<const char*>(name), length) == http1) {
      *selected = name;
      *selected_length = static_cast<unsigned char>(length);
      return SSL_TLSEXT_ERR_OK;
    }
    position += 1 + length;
  }
  return SSL_TLSEXT_ERR_NOACK;
}

int require_matching_server_name(SSL* ssl, int* alert, void* host) {
  const char* server_name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  if (server_name == nullptr) return SSL_TLSEXT_ERR_OK;
  if (server_name_matches(server_name, *static_cast<const std::string*>(host))) return SSL_TLSEXT_ERR_OK;
  *alert = SSL_AD_UNRECOGNIZED_NAME;
  return SSL_TLSEXT_ERR_ALERT_FATAL;
}

bool configure(LeafServerContext& holder, X509* leaf, EVP_PKEY* leaf_key, X509* ca) {
  SSL_CTX* context = holder.context.native_handle();
  SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  SSL_CTX_set_alpn_select_cb(context, select_http1_only, nullptr);
  SSL_CTX_set_tlsext_servername_callback(context, require_matching_server_name);
  SSL_CTX_set_tlsext_servername_arg(context, &holder.host);
  return SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 &&
         SSL_CTX_use_certificate(context, leaf) == 1 && SSL_CTX_use_PrivateKey(context, leaf_key) == 1 &&
         SSL_CTX_add1_chain_cert(context, ca) == 1 && SSL_CTX_check_private_key(context) == 1;
}

}  // namespace

Expected<std::shared_ptr<ssl::context>, std::string> make_leaf_server_context(X509* leaf, EVP_PKEY* leaf_key,
                                                                               X509* ca, std::string host) {
  std::shared_ptr<LeafServerContext> holder;
  try {
    holder = std::make_shared<LeafServerContext>(std::move(host));
  } catch (const boost::system::system_error& error) {
    return "cannot create a TLS server context: " + std::string(error.what());
  }
  if (!configure(*holder, leaf, leaf_key, ca)) {
    return "cannot set up the TLS server context for " + holder->host + ": " + take_openssl_errors();
  }
  return std::shared_ptr<ssl::context>(holder, &holder->context);
}

}  // namespace octobot::proxy
