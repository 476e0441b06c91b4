#include "proxy/tls/x509_builder.hpp"

#include <openssl/pem.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>

namespace octobot::proxy {
namespace {

constexpr std::size_t serial_bytes = 16;
constexpr std::size_t max_common_name = 64;

struct OpensslFree {
  void operator()(unsigned char* data) const { OPENSSL_free(data); }
};

std::string drain_to_string(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

}  // namespace

EvpPkeyPtr generate_p256_key() { return EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")); }

EvpPkeyPtr fast_encoding_copy(EVP_PKEY* key) {
  unsigned char* point = nullptr;
  const std::size_t length = EVP_PKEY_get1_encoded_public_key(key, &point);
  const std::unique_ptr<unsigned char, OpensslFree> owned_point(point);
  if (length == 0) return nullptr;
  // d2i_PublicKey takes the curve from an existing EC key and stores the key
  // in OpenSSL's built-in form, which has a direct SubjectPublicKeyInfo encoder.
  EVP_PKEY* target = EVP_PKEY_dup(key);
  const unsigned char* cursor = point;
  EvpPkeyPtr copy(d2i_PublicKey(EVP_PKEY_EC, &target, &cursor, static_cast<long>(length)));
  if (!copy) {
    EVP_PKEY_free(target);  // left to the caller on failure
    return nullptr;
  }
  return EVP_PKEY_eq(copy.get(), key) == 1 ? std::move(copy) : nullptr;
}

bool set_random_serial(X509* certificate) {
  std::array<unsigned char, serial_bytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return false;
  bytes[0] |= 0x01;  // never zero, and always the full width
  BignumPtr serial(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  return serial && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr;
}

X509Ptr new_certificate(EVP_PKEY* subject_key) {
  X509Ptr certificate(X509_new());
  if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1 ||
      X509_set_pubkey(certificate.get(), subject_key) != 1 || !set_random_serial(certificate.get())) {
    return nullptr;
  }
  return certificate;
}

bool set_validity(X509* certificate, std::chrono::seconds before_now, std::chrono::seconds after_now) {
  return X509_gmtime_adj(X509_getm_notBefore(certificate), -static_cast<long>(before_now.count())) != nullptr &&
         X509_gmtime_adj(X509_getm_notAfter(certificate), static_cast<long>(after_now.count())) != nullptr;
}

bool set_subject_common_name(X509* certificate, std::string_view common_name) {
  const auto length = static_cast<int>(std::min(common_name.size(), max_common_name));
  X509_NAME* subject = X509_get_subject_name(certificate);
  return X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>(common_name.data()), length, -1, 0) == 1;
}

bool add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
  return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

bool sign_sha256(X509* certificate, EVP_PKEY* issuer_key) {
  return X509_sign(certificate, issuer_key, EVP_sha256()) > 0;
}

std::string certificate_to_pem(X509* certificate) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1) return {};
  return drain_to_string(bio.get());
}

std::string private_key_to_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) return {};
  return drain_to_string(bio.get());
}

}  // namespace octobot::proxy
