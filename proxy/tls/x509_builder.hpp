// Building blocks for X.509 v3 certificates on OpenSSL 3, shared by the CA and
// the leaf issuer.
//
// Contract: functions returning a handle return null, and functions returning
// bool return false, on failure; the reason is then on OpenSSL's error queue
// (take_openssl_errors()). Nothing here throws except on allocation failure.
#pragma once
#include "proxy/tls/openssl_handles.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace octobot::proxy {

// A fresh ECDSA key on the NIST P-256 curve.
EvpPkeyPtr generate_p256_key();

// A copy of the EC key `key` that X509_set_pubkey() encodes directly. OpenSSL
// 3.0 encodes a provider-held key through its encoder framework, about 0.3 ms
// per certificate; this copy, made once, cuts a leaf certificate's cost
// several times. It is a different object with the same key (EVP_PKEY_eq).
// Null on failure: callers then use `key` itself.
EvpPkeyPtr fast_encoding_copy(EVP_PKEY* key);

// A v3 certificate holding `subject_key`'s public key and a random positive
// 128-bit serial number; subject, issuer, validity and extensions are unset.
X509Ptr new_certificate(EVP_PKEY* subject_key);

// Replaces the serial number with a random positive 128-bit one.
bool set_random_serial(X509* certificate);

// notBefore = now - before_now, notAfter = now + after_now.
bool set_validity(X509* certificate, std::chrono::seconds before_now, std::chrono::seconds after_now);

// Sets the subject's CN, truncated to the 64 characters X.509 allows.
bool set_subject_common_name(X509* certificate, std::string_view common_name);

// Adds an extension written in openssl.cnf syntax ("critical,CA:TRUE"). `issuer`
// is the signing certificate (the certificate itself when self-signed); it is
// read by authorityKeyIdentifier.
bool add_extension(X509* certificate, X509* issuer, int nid, const char* value);

bool sign_sha256(X509* certificate, EVP_PKEY* issuer_key);

// PEM text; "" on failure.
std::string certificate_to_pem(X509* certificate);
std::string private_key_to_pem(EVP_PKEY* key);

}  // namespace octobot::proxy
