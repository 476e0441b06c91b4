#include "proxy/tls/leaf_certificates.hpp"

#include "proxy/tls/x509_builder.hpp"

#include "tests/unit/proxy/temp_dir.hpp"
#include "tests/unit/proxy/tls/tls_test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <sys/stat.h>

using namespace octobot::proxy;
using namespace octobot::proxy::testing;
using octobot::proxy::test::TempDir;

namespace {

std::shared_ptr<const CertificateAuthority> make_authority() {
  auto authority = CertificateAuthority::generate();
  REQUIRE(authority.ok());
  return *authority;
}

X509* leaf_of(const std::shared_ptr<boost::asio::ssl::context>& context) {
  return SSL_CTX_get0_certificate(context->native_handle());
}

// X509_verify_cert with a store holding only `ca`, for the TLS server purpose:
// X509_V_OK or the verification error.
int verify_against(X509* ca, X509* leaf) {
  X509StorePtr store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), ca);
  X509StoreCtxPtr context(X509_STORE_CTX_new());
  X509_STORE_CTX_init(context.get(), store.get(), leaf, nullptr);
  X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_SERVER);
  const int verified = X509_verify_cert(context.get());
  const int error = X509_STORE_CTX_get_error(context.get());
  return verified == 1 ? X509_V_OK : (error != X509_V_OK ? error : -1);
}

// The SHA-256 of the two certificates' subjectPublicKey bits are equal.
bool same_public_key_bits(X509* a, X509* b) {
  unsigned char digest_a[EVP_MAX_MD_SIZE], digest_b[EVP_MAX_MD_SIZE];
  unsigned int length_a = 0, length_b = 0;
  return X509_pubkey_digest(a, EVP_sha256(), digest_a, &length_a) == 1 &&
         X509_pubkey_digest(b, EVP_sha256(), digest_b, &length_b) == 1 && length_a == length_b &&
         std::equal(digest_a, digest_a + length_a, digest_b);
}

std::string common_name(X509* certificate) {
  char text[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, text, sizeof text);
  return text;
}

std::string wire_alpn(std::initializer_list<std::string_view> protocols) {
  std::string wire;
  for (auto protocol : protocols) {
    wire += static_cast<char>(protocol.size());
    wire += protocol;
  }
  return wire;
}

// A leaf server context for example.com and a client that trusts only its CA.
struct ExampleServer {
  ExampleServer()
      : authority(make_authority()),
        leaves(authority),
        server(leaves.server_context_for("example.com")),
        client(client_trusting(authority->certificate())) {
    REQUIRE(server);
  }
  HandshakeOutcome handshake(const std::function<void(SSL*)>& prepare_client,
                             const std::function<void(SSL*)>& inspect_client = {}) {
    return run_handshake(*server, *client, prepare_client, inspect_client);
  }
  std::shared_ptr<const CertificateAuthority> authority;
  LeafCertificates leaves;
  std::shared_ptr<boost::asio::ssl::context> server;
  std::unique_ptr<boost::asio::ssl::context> client;
};

}  // namespace

TEST_CASE("a leaf for a host name verifies against the CA alone", "[proxy][tls]") {
  auto authority = make_authority();
  LeafCertificates leaves(authority);
  auto context = leaves.server_context_for("Example.COM.");
  REQUIRE(context);
  X509* leaf = leaf_of(context);
  X509* ca = authority->certificate();

  CHECK(verify_against(ca, leaf) == X509_V_OK);
  // another CA does not vouch for it
  CHECK(verify_against(make_authority()->certificate(), leaf) == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  CHECK(X509_check_host(leaf, "example.com", 0, 0, nullptr) == 1);
  CHECK(X509_check_host(leaf, "www.example.com", 0, 0, nullptr) == 0);
  CHECK(X509_check_host(leaf, "other.com", 0, 0, nullptr) == 0);
  CHECK(common_name(leaf) == "example.com");
  CHECK(X509_check_ca(leaf) == 0);
  CHECK((X509_get_extended_key_usage(leaf) & XKU_SSL_SERVER) != 0);
  CHECK(X509_get_signature_nid(leaf) == NID_ecdsa_with_SHA256);
  CHECK(X509_NAME_cmp(X509_get_issuer_name(leaf), X509_get_subject_name(ca)) == 0);
  CHECK(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(leaf), X509_get0_subject_key_id(ca)) == 0);

  std::time_t in_29_days = std::time(nullptr) + 29L * 24 * 3600;
  std::time_t in_31_days = std::time(nullptr) + 31L * 24 * 3600;
  CHECK(X509_cmp_time(X509_get0_notAfter(leaf), &in_29_days) > 0);
  CHECK(X509_cmp_time(X509_get0_notAfter(leaf), &in_31_days) < 0);
  CHECK(ASN1_TIME_compare(X509_get0_notAfter(leaf), X509_get0_notAfter(ca)) <= 0);

  STACK_OF(X509)* chain = nullptr;
  REQUIRE(SSL_CTX_get0_chain_certs(context->native_handle(), &chain) == 1);
  REQUIRE(sk_X509_num(chain) == 1);
  CHECK(X509_cmp(sk_X509_value(chain, 0), ca) == 0);
}

TEST_CASE("a leaf for an IP literal carries an iPAddress SAN", "[proxy][tls]") {
  auto authority = make_authority();
  LeafCertificates leaves(authority);

  auto v4 = leaves.server_context_for("127.0.0.1");
  REQUIRE(v4);
  CHECK(verify_against(authority->certificate(), leaf_of(v4)) == X509_V_OK);
  CHECK(X509_check_ip_asc(leaf_of(v4), "127.0.0.1", 0) == 1);
  CHECK(X509_check_ip_asc(leaf_of(v4), "127.0.0.2", 0) == 0);

  auto v6 = leaves.server_context_for("[::1]");
  REQUIRE(v6);
  CHECK(verify_against(authority->certificate(), leaf_of(v6)) == X509_V_OK);
  CHECK(X509_check_ip_asc(leaf_of(v6), "::1", 0) == 1);
  CHECK(X509_check_ip_asc(leaf_of(v6), "::2", 0) == 0);
  CHECK(leaves.server_context_for("::1") == v6);  // same entry with or without brackets
}

TEST_CASE("every leaf uses the one shared key", "[proxy][tls]") {
  LeafCertificates leaves(make_authority());
  auto first = leaves.server_context_for("a.example.com");
  auto second = leaves.server_context_for("b.example.org");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first != second);
  CHECK(EVP_PKEY_eq(X509_get0_pubkey(leaf_of(first)), X509_get0_pubkey(leaf_of(second))) == 1);
  CHECK(SSL_CTX_get0_privatekey(first->native_handle()) == SSL_CTX_get0_privatekey(second->native_handle()));
  CHECK(EVP_PKEY_eq(X509_get0_pubkey(leaf_of(first)), SSL_CTX_get0_privatekey(first->native_handle())) == 1);
  CHECK(SSL_CTX_check_private_key(first->native_handle()) == 1);
  CHECK(ASN1_INTEGER_cmp(X509_get0_serialNumber(leaf_of(first)), X509_get0_serialNumber(leaf_of(second))) != 0);

  LeafCertificates other_cache(make_authority());
  auto third = other_cache.server_context_for("a.example.com");
  REQUIRE(third);
  CHECK(EVP_PKEY_eq(X509_get0_pubkey(leaf_of(first)), X509_get0_pubkey(leaf_of(third))) != 1);
}

TEST_CASE("the fast-encoding copy of a key is the same key", "[proxy][tls]") {
  EvpPkeyPtr key = generate_p256_key();
  EvpPkeyPtr other = generate_p256_key();
  EvpPkeyPtr copy = fast_encoding_copy(key.get());
  REQUIRE(copy);
  CHECK(copy.get() != key.get());
  CHECK(EVP_PKEY_eq(copy.get(), key.get()) == 1);
  CHECK(EVP_PKEY_eq(copy.get(), other.get()) != 1);
  X509Ptr from_copy = new_certificate(copy.get());
  X509Ptr from_key = new_certificate(key.get());
  REQUIRE(from_copy);
  REQUIRE(from_key);
  CHECK(X509_check_private_key(from_copy.get(), key.get()) == 1);
  CHECK(same_public_key_bits(from_copy.get(), from_key.get()));
}

TEST_CASE("contexts are cached per canonical host", "[proxy][tls]") {
  LeafCertificates leaves(make_authority());
  auto first = leaves.server_context_for("example.com");
  auto again = leaves.server_context_for("EXAMPLE.com.");
  CHECK(first == again);
  const auto stats = leaves.stats();
  CHECK(stats.generated == 1);
  CHECK(stats.hits == 1);
  CHECK(stats.evictions == 0);
  CHECK(stats.cached == 1);
}

TEST_CASE("the context cache is a bounded LRU", "[proxy][tls]") {
  LeafCertificates leaves(make_authority(), 2);
  auto a = leaves.server_context_for("a.test");
  auto b = leaves.server_context_for("b.test");
  CHECK(leaves.server_context_for("a.test") == a);  // hit: b is now the least recently used
  auto c = leaves.server_context_for("c.test");     // evicts b
  CHECK(leaves.stats().evictions == 1);
  CHECK(leaves.server_context_for("a.test") == a);  // a survived
  auto b_again = leaves.server_context_for("b.test");  // regenerated, evicts c
  CHECK(b_again != b);
  CHECK(b != nullptr);  // an evicted context stays usable by whoever holds it
  CHECK(SSL_CTX_get0_certificate(b->native_handle()) != nullptr);

  const auto stats = leaves.stats();
  CHECK(stats.generated == 4);
  CHECK(stats.hits == 2);
  CHECK(stats.evictions == 2);
  CHECK(stats.cached == 2);
  CHECK(leaves.server_context_for("c.test") != c);
}

TEST_CASE("hosts that are neither names nor IP literals get no context", "[proxy][tls]") {
  LeafCertificates leaves(make_authority());
  CHECK(leaves.server_context_for("") == nullptr);
  CHECK(leaves.server_context_for("bad host") == nullptr);
  CHECK(leaves.server_context_for("a,DNS:evil.com") == nullptr);
  CHECK(leaves.server_context_for("fe80::1%eth0") == nullptr);
  CHECK(leaves.stats().generated == 0);
}

TEST_CASE("a long host name is truncated in the CN but complete in the SAN", "[proxy][tls]") {
  auto authority = make_authority();
  LeafCertificates leaves(authority);
  std::string host(60, 'a');
  host.append(".").append(60, 'b').append(".example.com");
  auto context = leaves.server_context_for(host);
  REQUIRE(context);
  CHECK(common_name(leaf_of(context)) == host.substr(0, 64));
  CHECK(X509_check_host(leaf_of(context), host.c_str(), host.size(), 0, nullptr) == 1);
  CHECK(verify_against(authority->certificate(), leaf_of(context)) == X509_V_OK);
}

TEST_CASE("leaves never outlive their CA and are reissued near its expiry", "[proxy][tls]") {
  // A CA that expires in two hours, written the way an operator would provide one.
  EvpPkeyPtr key = generate_p256_key();
  X509Ptr ca = new_certificate(key.get());
  REQUIRE(set_validity(ca.get(), std::chrono::hours(1), std::chrono::hours(2)));
  REQUIRE(set_subject_common_name(ca.get(), "short-lived test CA"));
  REQUIRE(X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get())) == 1);
  REQUIRE(add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE"));
  REQUIRE(add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash"));
  REQUIRE(sign_sha256(ca.get(), key.get()));
  TempDir directory;
  write_text(directory.file("ca.crt"), certificate_to_pem(ca.get()));
  write_text(directory.file("ca.key"), private_key_to_pem(key.get()));
  REQUIRE(::chmod(directory.file("ca.key").c_str(), 0600) == 0);
  auto authority = CertificateAuthority::load_or_create(directory.file("ca.crt"), directory.file("ca.key"));
  REQUIRE(authority.ok());

  LeafCertificates leaves(*authority);
  auto first = leaves.server_context_for("example.com");
  REQUIRE(first);
  CHECK(ASN1_TIME_compare(X509_get0_notAfter(leaf_of(first)), X509_get0_notAfter(ca.get())) == 0);
  CHECK(verify_against(ca.get(), leaf_of(first)) == X509_V_OK);
  auto second = leaves.server_context_for("example.com");  // expires within a day: reissued
  CHECK(second != first);
  CHECK(leaves.stats().generated == 2);
  CHECK(leaves.stats().hits == 0);
  CHECK(leaves.stats().cached == 1);
}

TEST_CASE("a context outlives the cache that made it", "[proxy][tls]") {
  auto authority = make_authority();
  std::shared_ptr<boost::asio::ssl::context> server;
  {
    LeafCertificates leaves(authority, 1);
    server = leaves.server_context_for("example.com");
    REQUIRE(server);
    REQUIRE(leaves.server_context_for("other.example.com"));  // evicts example.com
  }
  auto client = client_trusting(authority->certificate());
  auto outcome = run_handshake(*server, *client, [&](SSL* ssl) {
    SSL_set_tlsext_host_name(ssl, "example.com");  // the SNI check still has its host
    SSL_set1_host(ssl, "example.com");
  });
  CHECK(outcome.succeeded());
}

TEST_CASE("a client whose SNI is the host completes the handshake and verifies with the CA", "[proxy][tls]") {
  ExampleServer example;

  auto outcome = example.handshake([&](SSL* ssl) {
    SSL_set_tlsext_host_name(ssl, "example.com");
    SSL_set1_host(ssl, "example.com");
    offer_alpn(ssl, wire_alpn({"h2", "http/1.1"}));
  });
  INFO("server: " << outcome.server_error.message() << ", client: " << outcome.client_error.message());
  CHECK(outcome.succeeded());
  CHECK(outcome.client_verify_result == X509_V_OK);
  CHECK(outcome.server_saw_sni == "example.com");
  CHECK(outcome.alpn == "http/1.1");  // never h2, even when offered first
}

TEST_CASE("the SNI check ignores case and a trailing dot", "[proxy][tls]") {
  ExampleServer example;
  auto outcome = example.handshake([&](SSL* ssl) { SSL_set_tlsext_host_name(ssl, "EXAMPLE.com."); });
  INFO("server: " << outcome.server_error.message() << ", client: " << outcome.client_error.message());
  CHECK(outcome.succeeded());
}

TEST_CASE("a client whose SNI differs from the host is refused", "[proxy][tls]") {
  ExampleServer example;

  auto outcome = example.handshake([&](SSL* ssl) {
    SSL_set_tlsext_host_name(ssl, "other.example.com");
    SSL_set1_host(ssl, "example.com");  // the certificate itself would be acceptable
  });
  REQUIRE(outcome.server_done);
  REQUIRE(outcome.client_done);
  CHECK(outcome.server_error);
  CHECK(outcome.client_error);
  CHECK_THAT(outcome.client_error.message(), Catch::Contains("unrecognized name"));
  CHECK(outcome.client_verify_result == X509_V_OK);  // refused for the name, not the certificate
}

TEST_CASE("a client without SNI is accepted; an h2-only client gets no ALPN protocol", "[proxy][tls]") {
  ExampleServer example;

  auto outcome = example.handshake([&](SSL* ssl) {
    SSL_set1_host(ssl, "example.com");
    offer_alpn(ssl, wire_alpn({"h2"}));
  });
  INFO("server: " << outcome.server_error.message() << ", client: " << outcome.client_error.message());
  CHECK(outcome.succeeded());
  CHECK(outcome.server_saw_sni.empty());
  CHECK(outcome.alpn.empty());
}

TEST_CASE("the leaf context speaks TLS 1.2 and refuses TLS 1.1", "[proxy][tls]") {
  ExampleServer example;

  int version = 0;
  auto tls12 = example.handshake(
      [](SSL* ssl) { SSL_set_max_proto_version(ssl, TLS1_2_VERSION); },
      [&](SSL* ssl) { version = SSL_version(ssl); });
  CHECK(tls12.succeeded());
  CHECK(version == TLS1_2_VERSION);

  auto tls11 = example.handshake([](SSL* ssl) {
    SSL_set_security_level(ssl, 0);
    SSL_set_min_proto_version(ssl, TLS1_1_VERSION);
    SSL_set_max_proto_version(ssl, TLS1_1_VERSION);
  });
  CHECK(tls11.server_done);
  CHECK(tls11.server_error);
  CHECK(tls11.client_error);
}

TEST_CASE("time to issue a new leaf context", "[proxy][tls][timing]") {
  // Thread CPU time as well as wall time: on a shared machine the wall time
  // mostly measures the other processes.
  const auto thread_cpu = [] {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
  };
  LeafCertificates leaves(make_authority(), 4096);
  constexpr int count = 200;
  const auto wall_started = std::chrono::steady_clock::now();
  const auto cpu_started = thread_cpu();
  for (int i = 0; i < count; ++i) {
    REQUIRE(leaves.server_context_for("host-" + std::to_string(i) + ".example.com"));
  }
  const double wall_us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - wall_started).count() / count;
  const double cpu_us = std::chrono::duration<double, std::micro>(thread_cpu() - cpu_started).count() / count;

  const auto hit_started = thread_cpu();
  for (int i = 0; i < count; ++i) REQUIRE(leaves.server_context_for("host-" + std::to_string(i) + ".example.com"));
  const double hit_us = std::chrono::duration<double, std::micro>(thread_cpu() - hit_started).count() / count;

  WARN("new leaf context, average over " << count << " hosts: " << cpu_us << " us CPU (" << wall_us
                                         << " us wall); cache hit: " << hit_us << " us CPU");
  CHECK(leaves.stats().generated == count);
  CHECK(leaves.stats().hits == count);
}
