// The proxy's certificate authority: the root that signs the leaf
// certificates of intercepted hosts (DESIGN.md §7). Clients trust it.
//
// Contract of load_or_create(cert_path, key_path):
// - Both files missing: generates an ECDSA P-256 CA (CN "Octobot proxy CA
//   <8 hex digits>", basicConstraints critical CA:TRUE pathlen:0, keyUsage
//   critical keyCertSign+cRLSign, subjectKeyIdentifier, valid from now-1h for
//   10 years, random 128-bit serial, SHA-256) and writes both as PEM: the key
//   with mode 0600, the certificate 0644, each to a temporary file in the same
//   directory renamed into place (see pem_file.hpp). Directories are not created.
// - Both present: loads them. Refused (with an error naming the file) when the
//   key file is accessible to group or others, either file is not valid PEM,
//   the key does not match the certificate, the certificate is not a CA, or
//   it has expired.
// - Only one present: an error naming the missing one.
// - Never throws (except on allocation failure). The object is immutable and
//   safe to share between threads.
#pragma once
#include "lib/result.hpp"
#include "proxy/tls/openssl_handles.hpp"

#include <memory>
#include <string>

namespace octobot::proxy {

class CertificateAuthority {
 public:
  static Expected<std::shared_ptr<const CertificateAuthority>, std::string> load_or_create(
      const std::string& cert_path, const std::string& key_path);

  // A new CA held only in memory (for tests and throw-away sessions).
  static Expected<std::shared_ptr<const CertificateAuthority>, std::string> generate();

  X509* certificate() const { return certificate_.get(); }
  EVP_PKEY* private_key() const { return key_.get(); }
  std::string certificate_pem() const;

 private:
  CertificateAuthority(X509Ptr certificate, EvpPkeyPtr key)
      : certificate_(std::move(certificate)), key_(std::move(key)) {}
  static Expected<std::shared_ptr<const CertificateAuthority>, std::string> load(const std::string& cert_path,
                                                                                 const std::string& key_path);
  static Expected<std::shared_ptr<const CertificateAuthority>, std::string> create(const std::string& cert_path,
                                                                                   const std::string& key_path);

  X509Ptr certificate_;
  EvpPkeyPtr key_;
};

}  // namespace octobot::proxy
