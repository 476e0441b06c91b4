#include "proxy/tls/upstream_tls.hpp"

#include "tests/unit/proxy/temp_dir.hpp"
#include "tests/unit/proxy/tls/tls_test_support.hpp"

#include <catch2/catch.hpp>

using namespace octobot::proxy;
using namespace octobot::proxy::testing;
using octobot::proxy::test::TempDir;
namespace ssl = boost::asio::ssl;

namespace {

// A server context presenting the leaf of `leaf_context` without its SNI check,
// as an upstream that ignores SNI would.
std::unique_ptr<ssl::context> sni_agnostic_copy(const std::shared_ptr<ssl::context>& leaf_context) {
  SSL_CTX* source = leaf_context->native_handle();
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX_use_certificate(context->native_handle(), SSL_CTX_get0_certificate(source));
  SSL_CTX_use_PrivateKey(context->native_handle(), SSL_CTX_get0_privatekey(source));
  STACK_OF(X509)* chain = nullptr;
  SSL_CTX_get0_chain_certs(source, &chain);
  for (int i = 0; i < sk_X509_num(chain); ++i) SSL_CTX_add1_chain_cert(context->native_handle(), sk_X509_value(chain, i));
  return context;
}

struct UpstreamHandshake {
  HandshakeOutcome outcome;
  std::string failure;  // upstream_verify_failure() on the client
};

UpstreamHandshake dial(ssl::context& server, ssl::context& client, const std::string& host) {
  UpstreamHandshake result;
  result.outcome = run_handshake(
      server, client, [&](SSL* ssl) { prepare_upstream_ssl(ssl, host); },
      [&](SSL* ssl) { result.failure = upstream_verify_failure(ssl); });
  return result;
}

}  // namespace

TEST_CASE("an upstream certificate from an unknown CA fails verification with the reason", "[proxy][tls]") {
  FakeUpstream upstream;
  auto server = upstream.leaves.server_context_for("localhost");
  REQUIRE(server);
  auto client = make_upstream_context({});
  REQUIRE(client.ok());

  auto result = dial(*server, **client, "localhost");
  REQUIRE(result.outcome.client_done);
  CHECK(result.outcome.client_error);
  CHECK(result.failure ==
        "certificate verify failed: self-signed certificate in certificate chain (upstream localhost)");
}

TEST_CASE("an upstream CA given as an extra file is trusted", "[proxy][tls]") {
  FakeUpstream upstream;
  TempDir directory;
  auto server = upstream.leaves.server_context_for("localhost");
  REQUIRE(server);
  auto client = make_upstream_context({upstream.write_ca_file(directory)});
  REQUIRE(client.ok());

  auto result = dial(*server, **client, "localhost");
  INFO("server: " << result.outcome.server_error.message() << ", client: " << result.outcome.client_error.message());
  CHECK(result.outcome.succeeded());
  CHECK(result.failure.empty());
  CHECK(result.outcome.server_saw_sni == "localhost");
  CHECK(result.outcome.alpn == "http/1.1");
}

TEST_CASE("an upstream certificate for another name fails with a host mismatch", "[proxy][tls]") {
  FakeUpstream upstream;
  TempDir directory;
  auto leaf = upstream.leaves.server_context_for("other.example.com");
  REQUIRE(leaf);
  auto server = sni_agnostic_copy(leaf);
  auto client = make_upstream_context({upstream.write_ca_file(directory)});
  REQUIRE(client.ok());

  auto result = dial(*server, **client, "localhost");
  CHECK(result.outcome.client_error);
  CHECK(result.outcome.server_saw_sni == "localhost");
  CHECK(result.failure == "certificate verify failed: hostname mismatch (upstream localhost)");

  SECTION("a wildcard-free name check: a subdomain does not match its parent") {
    auto subdomain = dial(*server, **client, "www.other.example.com");
    CHECK(subdomain.failure == "certificate verify failed: hostname mismatch (upstream www.other.example.com)");
  }
}

TEST_CASE("an IP literal upstream gets no SNI and its iPAddress SAN is checked", "[proxy][tls]") {
  FakeUpstream upstream;
  TempDir directory;
  auto server = upstream.leaves.server_context_for("127.0.0.1");
  REQUIRE(server);
  auto client = make_upstream_context({upstream.write_ca_file(directory)});
  REQUIRE(client.ok());

  auto matching = dial(*server, **client, "127.0.0.1");
  INFO("server: " << matching.outcome.server_error.message()
                  << ", client: " << matching.outcome.client_error.message());
  CHECK(matching.outcome.succeeded());
  CHECK(matching.outcome.server_saw_sni.empty());

  auto other = dial(*server, **client, "127.0.0.2");
  CHECK(other.outcome.client_error);
  CHECK(other.failure == "certificate verify failed: IP address mismatch (upstream 127.0.0.2)");
}

TEST_CASE("a malformed upstream host never passes verification", "[proxy][tls]") {
  FakeUpstream upstream;
  TempDir directory;
  auto leaf = upstream.leaves.server_context_for("localhost");
  REQUIRE(leaf);
  auto server = sni_agnostic_copy(leaf);
  auto client = make_upstream_context({upstream.write_ca_file(directory)});
  REQUIRE(client.ok());

  for (const std::string host : {"", "bad host", "localhost:443"}) {
    auto result = dial(*server, **client, host);
    CHECK(result.outcome.client_error);
    CHECK_THAT(result.failure, Catch::StartsWith("certificate verify failed: hostname mismatch"));
  }
}

TEST_CASE("extra upstream CA files that are missing or not certificates are errors naming them", "[proxy][tls]") {
  TempDir directory;

  const auto missing = directory.file("missing.pem");
  auto no_file = make_upstream_context({missing});
  REQUIRE_FALSE(no_file.ok());
  CHECK_THAT(no_file.error(), Catch::Contains(missing) && Catch::Contains("No such file"));

  const auto garbage = directory.file("garbage.pem");
  write_text(garbage, "hello\n");
  auto not_pem = make_upstream_context({garbage});
  REQUIRE_FALSE(not_pem.ok());
  CHECK_THAT(not_pem.error(), Catch::Contains(garbage));

  const auto key_only = directory.file("key.pem");
  auto authority = CertificateAuthority::load_or_create(directory.file("ca.crt"), key_only);
  REQUIRE(authority.ok());
  auto no_certificate = make_upstream_context({directory.file("ca.crt"), key_only});
  REQUIRE_FALSE(no_certificate.ok());
  CHECK(no_certificate.error() == "upstream CA file " + key_only + " holds no PEM certificate");

  CHECK(make_upstream_context({directory.file("ca.crt")}).ok());
}
