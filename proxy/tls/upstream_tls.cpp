#include "proxy/tls/upstream_tls.hpp"

#include "proxy/tls/openssl_handles.hpp"
#include "proxy/tls/pem_file.hpp"
#include "proxy/tls/tls_host.hpp"

#include <openssl/pem.h>

#include <sys/stat.h>

#include <cstdlib>
#include <optional>

namespace octobot::proxy {
namespace {

namespace ssl = boost::asio::ssl;

using X509InfoStack = std::unique_ptr<STACK_OF(X509_INFO), void (*)(STACK_OF(X509_INFO)*)>;

void free_info_stack(STACK_OF(X509_INFO)* infos) { sk_X509_INFO_pop_free(infos, X509_INFO_free); }

// Adds every certificate in the PEM file to `store`.
Expected<void, std::string> add_ca_file(X509_STORE* store, const std::string& path) {
  auto pem = read_pem_file(path, FileAccess::any);
  if (!pem) return "upstream CA file: " + pem.error();
  BioPtr bio(BIO_new_mem_buf(pem->text.data(), static_cast<int>(pem->text.size())));
  X509InfoStack infos(bio ? PEM_X509_INFO_read_bio(bio.get(), nullptr, nullptr, nullptr) : nullptr, free_info_stack);
  if (!infos) return "upstream CA file " + path + " is not valid PEM: " + take_openssl_errors();
  int added = 0;
  for (int i = 0; i < sk_X509_INFO_num(infos.get()); ++i) {
    X509* certificate = sk_X509_INFO_value(infos.get(), i)->x509;
    if (certificate == nullptr) continue;
    if (X509_STORE_add_cert(store, certificate) != 1) {
      return "cannot trust the certificates of " + path + ": " + take_openssl_errors();
    }
    ++added;
  }
  if (added == 0) return "upstream CA file " + path + " holds no PEM certificate";
  return {};
}

// The system trust store. The hashed directory (Debian's /etc/ssl/certs) is
// looked up lazily, one CA file per issuer actually met, instead of parsing
// the whole bundle at start (about 4 MiB per process). SSL_CERT_FILE and
// SSL_CERT_DIR, or a system without the directory, use OpenSSL's defaults.
Expected<void, std::string> trust_system_store(X509_STORE* store) {
  const char* directory = X509_get_default_cert_dir();
  bool overridden = std::getenv(X509_get_default_cert_file_env()) || std::getenv(X509_get_default_cert_dir_env());
  struct stat info {};
  if (!overridden && ::stat(directory, &info) == 0 && S_ISDIR(info.st_mode)) {
    if (X509_STORE_load_path(store, directory) == 1) return {};
  }
  if (X509_STORE_set_default_paths(store) != 1) {
    return "cannot load the system certificate store: " + take_openssl_errors();
  }
  return {};
}

Expected<void, std::string> configure(SSL_CTX* context, const std::vector<std::string>& extra_ca_files) {
  static constexpr unsigned char alpn_http1[] = "\x08http/1.1";
  SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  if (SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_alpn_protos(context, alpn_http1, sizeof alpn_http1 - 1) != 0) {  // 0 is success here
    return "cannot set up the upstream TLS context: " + take_openssl_errors();
  }
  if (auto system = trust_system_store(SSL_CTX_get_cert_store(context)); !system) return system.error();
  for (const auto& path : extra_ca_files) {
    if (auto added = add_ca_file(SSL_CTX_get_cert_store(context), path); !added) return added.error();
  }
  return {};
}

// Verification fails with "hostname mismatch" whatever the certificate.
int reject_unverifiable_host(int, X509_STORE_CTX* store_context) {
  X509_STORE_CTX_set_error(store_context, X509_V_ERR_HOSTNAME_MISMATCH);
  return 0;
}

bool require_host(SSL* ssl, const std::optional<TlsHost>& host) {
  if (!host) return false;
  if (host->is_ip) return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host->name.c_str()) == 1;
  SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  return SSL_set_tlsext_host_name(ssl, host->name.c_str()) == 1 && SSL_set1_host(ssl, host->name.c_str()) == 1;
}

std::string expected_peer(SSL* ssl) {
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (const char* host = X509_VERIFY_PARAM_get0_host(param, 0)) return host;
  char* ip = X509_VERIFY_PARAM_get1_ip_asc(param);
  std::string text = ip != nullptr ? ip : "";
  OPENSSL_free(ip);
  return text;
}

}  // namespace

Expected<std::shared_ptr<ssl::context>, std::string> make_upstream_context(
    const std::vector<std::string>& extra_ca_files) {
  std::shared_ptr<ssl::context> context;
  try {
    context = std::make_shared<ssl::context>(ssl::context::tls_client);
  } catch (const boost::system::system_error& error) {
    return "cannot create the upstream TLS context: " + std::string(error.what());
  }
  if (auto configured = configure(context->native_handle(), extra_ca_files); !configured) return configured.error();
  return context;
}

void prepare_upstream_ssl(SSL* ssl, const std::string& host) {
  if (require_host(ssl, parse_tls_host(host))) return;
  take_openssl_errors();
  SSL_set_verify(ssl, SSL_VERIFY_PEER, reject_unverifiable_host);
}

std::string upstream_verify_failure(SSL* ssl) {
  const long result = SSL_get_verify_result(ssl);
  if (result == X509_V_OK) return "";
  std::string reason = std::string("certificate verify failed: ") + X509_verify_cert_error_string(result);
  const std::string peer = expected_peer(ssl);
  return peer.empty() ? reason : reason + " (upstream " + peer + ")";
}

}  // namespace octobot::proxy
