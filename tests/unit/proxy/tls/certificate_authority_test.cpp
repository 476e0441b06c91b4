#include "proxy/tls/certificate_authority.hpp"

#include "proxy/tls/leaf_certificates.hpp"
#include "proxy/tls/x509_builder.hpp"
#include "tests/unit/proxy/temp_dir.hpp"
#include "tests/unit/proxy/tls/tls_test_support.hpp"

#include <catch2/catch.hpp>

#include <ctime>
#include <sys/stat.h>

using namespace octobot::proxy;
using octobot::proxy::test::TempDir;
using octobot::proxy::testing::write_text;

namespace {

mode_t file_mode(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

std::string common_name(X509* certificate) {
  char text[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, text, sizeof text);
  return text;
}

bool extension_is_critical(X509* certificate, int nid) {
  const int index = X509_get_ext_by_NID(certificate, nid, -1);
  return index >= 0 && X509_EXTENSION_get_critical(X509_get_ext(certificate, index)) == 1;
}

int serial_bits(X509* certificate) {
  BignumPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nullptr));
  return BN_num_bits(serial.get());
}

std::size_t files_in(const std::filesystem::path& directory) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(directory), {}));
}

}  // namespace

TEST_CASE("a missing CA is generated: P-256, CA:TRUE pathlen:0, key 0600, cert 0644", "[proxy][tls]") {
  TempDir directory;
  const auto cert_path = directory.file("ca.crt");
  const auto key_path = directory.file("ca.key");
  auto authority = CertificateAuthority::load_or_create(cert_path, key_path);
  REQUIRE(authority.ok());
  X509* certificate = (*authority)->certificate();

  CHECK(file_mode(key_path) == 0600);
  CHECK(file_mode(cert_path) == 0644);
  CHECK(files_in(directory.path()) == 2);  // no temporary file left behind

  CHECK(X509_check_ca(certificate) == 1);
  CHECK(X509_get_pathlen(certificate) == 0);
  CHECK(extension_is_critical(certificate, NID_basic_constraints));
  CHECK(extension_is_critical(certificate, NID_key_usage));
  CHECK(X509_get_key_usage(certificate) == (KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  CHECK(X509_get0_subject_key_id(certificate) != nullptr);
  CHECK(common_name(certificate).starts_with("Octobot proxy CA "));
  CHECK(common_name(certificate).size() == std::string("Octobot proxy CA ").size() + 8);
  CHECK(serial_bits(certificate) > 120);
  CHECK(X509_get_signature_nid(certificate) == NID_ecdsa_with_SHA256);
  CHECK(X509_verify(certificate, (*authority)->private_key()) == 1);  // self-signed

  EVP_PKEY* key = (*authority)->private_key();
  CHECK(EVP_PKEY_is_a(key, "EC") == 1);
  char group[64] = {};
  REQUIRE(EVP_PKEY_get_group_name(key, group, sizeof group, nullptr) == 1);
  CHECK(std::string(group) == "prime256v1");

  std::time_t nine_years = std::time(nullptr) + 9L * 365 * 24 * 3600;
  std::time_t now = std::time(nullptr);
  CHECK(X509_cmp_time(X509_get0_notAfter(certificate), &nine_years) > 0);
  CHECK(X509_cmp_time(X509_get0_notBefore(certificate), &now) < 0);

  SECTION("reloading gives the same certificate and key") {
    auto reloaded = CertificateAuthority::load_or_create(cert_path, key_path);
    REQUIRE(reloaded.ok());
    CHECK(X509_cmp((*reloaded)->certificate(), certificate) == 0);
    CHECK(EVP_PKEY_eq((*reloaded)->private_key(), key) == 1);
    CHECK((*reloaded)->certificate_pem() == (*authority)->certificate_pem());
    CHECK((*reloaded)->certificate_pem().starts_with("-----BEGIN CERTIFICATE-----"));
  }
}

TEST_CASE("a CA key readable by group or others is refused", "[proxy][tls]") {
  TempDir directory;
  const auto cert_path = directory.file("ca.crt");
  const auto key_path = directory.file("ca.key");
  REQUIRE(CertificateAuthority::load_or_create(cert_path, key_path).ok());

  for (mode_t mode : {0640, 0604, 0660}) {
    REQUIRE(::chmod(key_path.c_str(), mode) == 0);
    auto refused = CertificateAuthority::load_or_create(cert_path, key_path);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error(), Catch::Contains(key_path) && Catch::Contains("chmod 600"));
  }
  REQUIRE(::chmod(key_path.c_str(), 0400) == 0);
  CHECK(CertificateAuthority::load_or_create(cert_path, key_path).ok());
}

TEST_CASE("a CA key that does not match the certificate is refused", "[proxy][tls]") {
  TempDir first;
  TempDir second;
  REQUIRE(CertificateAuthority::load_or_create(first.file("ca.crt"), first.file("ca.key")).ok());
  REQUIRE(CertificateAuthority::load_or_create(second.file("ca.crt"), second.file("ca.key")).ok());

  auto mixed = CertificateAuthority::load_or_create(first.file("ca.crt"), second.file("ca.key"));
  REQUIRE_FALSE(mixed.ok());
  CHECK_THAT(mixed.error(), Catch::Contains("does not match") && Catch::Contains(second.file("ca.key")));
}

TEST_CASE("only one of the CA files present is an error naming the missing one", "[proxy][tls]") {
  TempDir directory;
  const auto cert_path = directory.file("ca.crt");
  const auto key_path = directory.file("ca.key");
  REQUIRE(CertificateAuthority::load_or_create(cert_path, key_path).ok());

  SECTION("certificate missing") {
    std::filesystem::remove(cert_path);
    auto refused = CertificateAuthority::load_or_create(cert_path, key_path);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error(), Catch::StartsWith("CA certificate " + cert_path + " is missing"));
    CHECK_FALSE(std::filesystem::exists(cert_path));  // nothing is regenerated over the surviving key
  }
  SECTION("key missing") {
    std::filesystem::remove(key_path);
    auto refused = CertificateAuthority::load_or_create(cert_path, key_path);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error(), Catch::StartsWith("CA key " + key_path + " is missing"));
  }
}

TEST_CASE("a certificate that is not a CA is refused", "[proxy][tls]") {
  auto authority = CertificateAuthority::generate();
  REQUIRE(authority.ok());
  LeafCertificates leaves(*authority);
  auto context = leaves.server_context_for("example.com");
  REQUIRE(context);

  TempDir directory;
  const auto cert_path = directory.file("leaf.crt");
  const auto key_path = directory.file("leaf.key");
  write_text(cert_path, certificate_to_pem(SSL_CTX_get0_certificate(context->native_handle())));
  write_text(key_path, private_key_to_pem(SSL_CTX_get0_privatekey(context->native_handle())));
  REQUIRE(::chmod(key_path.c_str(), 0600) == 0);

  auto refused = CertificateAuthority::load_or_create(cert_path, key_path);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error(), Catch::Contains("is not a CA certificate") && Catch::Contains(cert_path));
}

TEST_CASE("CA files that are not PEM are refused with the file named", "[proxy][tls]") {
  TempDir directory;
  const auto cert_path = directory.file("ca.crt");
  const auto key_path = directory.file("ca.key");
  REQUIRE(CertificateAuthority::load_or_create(cert_path, key_path).ok());

  SECTION("garbage certificate") {
    write_text(cert_path, "not a certificate\n");
    auto refused = CertificateAuthority::load_or_create(cert_path, key_path);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error(), Catch::Contains(cert_path) && Catch::Contains("not a PEM certificate"));
  }
  SECTION("garbage key") {
    write_text(key_path, "not a key\n");
    auto refused = CertificateAuthority::load_or_create(cert_path, key_path);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error(), Catch::Contains(key_path) && Catch::Contains("not an unencrypted PEM private key"));
  }
}

TEST_CASE("a CA cannot be created in a missing directory", "[proxy][tls]") {
  TempDir directory;
  const auto missing = directory.file("missing");
  auto refused = CertificateAuthority::load_or_create(missing + "/ca.crt", missing + "/ca.key");
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error(), Catch::Contains("cannot write CA key") && Catch::Contains(missing));
  CHECK(files_in(directory.path()) == 0);
}
