#include "proxy/tls/leaf_issuer.hpp"

#include "proxy/tls/x509_builder.hpp"

#include <ctime>

namespace octobot::proxy {
namespace {

using namespace std::chrono_literals;
constexpr std::chrono::seconds backdate = 1h;
constexpr std::chrono::seconds leaf_lifetime = std::chrono::days(30);

using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, OpensslDeleter<GENERAL_NAME, GENERAL_NAME_free>>;
using Asn1StringPtr = std::unique_ptr<ASN1_STRING, OpensslDeleter<ASN1_STRING, ASN1_STRING_free>>;

// The SAN entry for `host`: an iPAddress for IP literals, a dNSName otherwise.
GeneralNamePtr general_name_for(const TlsHost& host) {
  GeneralNamePtr name(GENERAL_NAME_new());
  if (!name) return nullptr;
  if (host.is_ip) {
    Asn1StringPtr address(a2i_IPADDRESS(host.name.c_str()));
    if (!address) return nullptr;
    GENERAL_NAME_set0_value(name.get(), GEN_IPADD, address.release());
    return name;
  }
  Asn1StringPtr dns(ASN1_IA5STRING_new());
  if (!dns || ASN1_STRING_set(dns.get(), host.name.data(), static_cast<int>(host.name.size())) != 1) return nullptr;
  GENERAL_NAME_set0_value(name.get(), GEN_DNS, dns.release());
  return name;
}

bool add_subject_alt_name(X509* certificate, const TlsHost& host) {
  GeneralNamesPtr names(GENERAL_NAMES_new());
  GeneralNamePtr name = general_name_for(host);
  if (!names || !name || sk_GENERAL_NAME_push(names.get(), name.get()) == 0) return false;
  name.release();  // owned by `names` now
  return X509_add1_ext_i2d(certificate, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) == 1;
}

// Keeps the leaf inside the CA's validity: a verifier may reject a leaf that outlives its issuer.
bool clamp_validity_to(X509* certificate, const X509* issuer) {
  if (ASN1_TIME_compare(X509_get0_notBefore(certificate), X509_get0_notBefore(issuer)) < 0 &&
      X509_set1_notBefore(certificate, X509_get0_notBefore(issuer)) != 1) {
    return false;
  }
  if (ASN1_TIME_compare(X509_get0_notAfter(certificate), X509_get0_notAfter(issuer)) > 0 &&
      X509_set1_notAfter(certificate, X509_get0_notAfter(issuer)) != 1) {
    return false;
  }
  return true;
}

bool add_leaf_extensions(X509* certificate, X509* issuer, const TlsHost& host) {
  return add_extension(certificate, issuer, NID_basic_constraints, "critical,CA:FALSE") &&
         add_extension(certificate, issuer, NID_key_usage, "critical,digitalSignature") &&
         add_extension(certificate, issuer, NID_ext_key_usage, "serverAuth") &&
         add_extension(certificate, issuer, NID_authority_key_identifier, "keyid:always") &&
         add_subject_alt_name(certificate, host);
}

}  // namespace

X509Ptr issue_leaf_certificate(const CertificateAuthority& authority, EVP_PKEY* leaf_key, const TlsHost& host) {
  X509* issuer = authority.certificate();
  X509Ptr certificate = new_certificate(leaf_key);
  X509* cert = certificate.get();
  const bool issued = cert != nullptr && set_validity(cert, backdate, leaf_lifetime) &&
                      clamp_validity_to(cert, issuer) && set_subject_common_name(cert, host.name) &&
                      X509_set_issuer_name(cert, X509_get_subject_name(issuer)) == 1 &&
                      add_leaf_extensions(cert, issuer, host) && sign_sha256(cert, authority.private_key());
  return issued ? std::move(certificate) : nullptr;
}

std::chrono::system_clock::time_point not_after(const X509* certificate) {
  std::tm time{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(certificate), &time) != 1) return {};
  return std::chrono::system_clock::from_time_t(::timegm(&time));
}

}  // namespace octobot::proxy
