#include "proxy/tls/certificate_authority.hpp"

#include "proxy/tls/pem_file.hpp"
#include "proxy/tls/x509_builder.hpp"

#include <openssl/pem.h>
#include <openssl/rand.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <sys/stat.h>

namespace octobot::proxy {
namespace {

using namespace std::chrono_literals;
constexpr std::chrono::seconds backdate = 1h;
constexpr std::chrono::seconds ca_lifetime = std::chrono::days(3652);  // ten years with leap days

std::string short_random_id() {
  std::array<unsigned char, 4> bytes{};
  RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));
  std::string hex;
  for (unsigned char byte : bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    hex += digits[byte >> 4];
    hex += digits[byte & 0x0f];
  }
  return hex;
}

Expected<bool, std::string> file_exists(const std::string& path, std::string_view what) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) return true;
  if (errno == ENOENT) return false;
  return "cannot access " + std::string(what) + " " + path + ": " + std::strerror(errno);
}

X509Ptr build_ca_certificate(EVP_PKEY* key) {
  X509Ptr certificate = new_certificate(key);
  X509* cert = certificate.get();
  const bool built =
      cert != nullptr && set_validity(cert, backdate, ca_lifetime) &&
      set_subject_common_name(cert, "Octobot proxy CA " + short_random_id()) &&
      X509_set_issuer_name(cert, X509_get_subject_name(cert)) == 1 &&
      add_extension(cert, cert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
      add_extension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign") &&
      add_extension(cert, cert, NID_subject_key_identifier, "hash") && sign_sha256(cert, key);
  return built ? std::move(certificate) : nullptr;
}

Expected<X509Ptr, std::string> parse_certificate(const std::string& pem, const std::string& path) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  X509Ptr certificate(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!certificate) return "CA certificate " + path + " is not a PEM certificate: " + take_openssl_errors();
  return certificate;
}

Expected<EvpPkeyPtr, std::string> parse_private_key(const std::string& pem, const std::string& path) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EvpPkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) return "CA key " + path + " is not an unencrypted PEM private key: " + take_openssl_errors();
  return key;
}

Expected<void, std::string> check_usable_ca(X509* certificate, EVP_PKEY* key, const std::string& cert_path,
                                            const std::string& key_path) {
  if (X509_check_private_key(certificate, key) != 1) {
    take_openssl_errors();
    return "CA key " + key_path + " does not match the certificate " + cert_path;
  }
  if (X509_check_ca(certificate) != 1) {  // 1: basicConstraints CA:TRUE and keyCertSign if keyUsage is present
    return "certificate " + cert_path + " is not a CA certificate (basicConstraints CA:TRUE is required)";
  }
  if (X509_cmp_current_time(X509_get0_notAfter(certificate)) <= 0) {
    return "CA certificate " + cert_path + " has expired; delete " + cert_path + " and " + key_path +
           " to generate a new one";
  }
  return {};
}

}  // namespace

Expected<std::shared_ptr<const CertificateAuthority>, std::string> CertificateAuthority::load_or_create(
    const std::string& cert_path, const std::string& key_path) {
  const auto cert_found = file_exists(cert_path, "CA certificate");
  if (!cert_found) return cert_found.error();
  const auto key_found = file_exists(key_path, "CA key");
  if (!key_found) return key_found.error();
  const bool cert_exists = *cert_found;
  const bool key_exists = *key_found;
  if (cert_exists && key_exists) return load(cert_path, key_path);
  if (!cert_exists && !key_exists) return create(cert_path, key_path);
  if (!cert_exists) {
    return "CA certificate " + cert_path + " is missing but its key " + key_path +
           " exists; restore the certificate or delete the key to generate a new CA";
  }
  return "CA key " + key_path + " is missing but its certificate " + cert_path +
         " exists; restore the key or delete the certificate to generate a new CA";
}

Expected<std::shared_ptr<const CertificateAuthority>, std::string> CertificateAuthority::generate() {
  EvpPkeyPtr key = generate_p256_key();
  X509Ptr certificate = key ? build_ca_certificate(key.get()) : nullptr;
  if (!certificate) return "cannot generate the CA: " + take_openssl_errors();
  return std::shared_ptr<const CertificateAuthority>(new CertificateAuthority(std::move(certificate), std::move(key)));
}

Expected<std::shared_ptr<const CertificateAuthority>, std::string> CertificateAuthority::load(
    const std::string& cert_path, const std::string& key_path) {
  auto key_pem = read_pem_file(key_path, FileAccess::owner_only);
  if (!key_pem) return key_pem.error();
  auto cert_pem = read_pem_file(cert_path, FileAccess::any);
  if (!cert_pem) return cert_pem.error();
  auto key = parse_private_key(key_pem->text, key_path);
  if (!key) return key.error();
  auto certificate = parse_certificate(cert_pem->text, cert_path);
  if (!certificate) return certificate.error();
  if (auto usable = check_usable_ca(certificate->get(), key->get(), cert_path, key_path); !usable) {
    return usable.error();
  }
  return std::shared_ptr<const CertificateAuthority>(
      new CertificateAuthority(std::move(*certificate), std::move(*key)));
}

Expected<std::shared_ptr<const CertificateAuthority>, std::string> CertificateAuthority::create(
    const std::string& cert_path, const std::string& key_path) {
  auto authority = generate();
  if (!authority) return authority.error();
  const std::string key_pem = private_key_to_pem((*authority)->private_key());
  const std::string cert_pem = (*authority)->certificate_pem();
  if (key_pem.empty() || cert_pem.empty()) return "cannot encode the CA as PEM: " + take_openssl_errors();
  auto staged_key = StagedFile::write(key_path, key_pem, 0600);
  if (!staged_key) return "cannot write CA key: " + staged_key.error();
  auto staged_cert = StagedFile::write(cert_path, cert_pem, 0644);
  if (!staged_cert) return "cannot write CA certificate: " + staged_cert.error();
  if (auto moved = staged_key->commit(); !moved) return "cannot write CA key: " + moved.error();
  if (auto moved = staged_cert->commit(); !moved) return "cannot write CA certificate: " + moved.error();
  return authority;
}

std::string CertificateAuthority::certificate_pem() const { return certificate_to_pem(certificate_.get()); }

}  // namespace octobot::proxy
