// agent/setup/session_ca: the session CA made with the real openssl CLI,
// reused on restart, installed in a trust store in a temporary directory;
// the proxy's own loader accepts it.
#include "agent/setup/session_ca.hpp"
#include "proxy/tls/certificate_authority.hpp"
#include "tests/unit/agent/agent_process.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using octobot::agent::prepare_session_ca;
using octobot::agent::SessionCaOptions;
using octobot::agent::SessionCaOutcome;
using octobot::agent::test::TempDir;

namespace {

SessionCaOptions options_in(const TempDir& dir) {
  SessionCaOptions options;
  options.data_dir = dir.file("data");
  options.proxy_dir = dir.file("data/proxy");
  options.trust_cert = dir.file("octobot-session-ca.crt");
  options.trust_bundle = dir.file("ca-certificates.crt");
  options.cn_suffix = "0b8f-1";
  return options;
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string text_of(const std::string& path) { return octobot::agent::test::read_file(path); }

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

SessionCaOutcome prepared(const SessionCaOptions& options) {
  auto outcome = prepare_session_ca(options);
  INFO((outcome ? std::string() : outcome.error()));
  REQUIRE(outcome.ok());
  return *outcome;
}

}  // namespace

TEST_CASE("session CA: generated once, private, loadable by the proxy", "[agent][setup][ca]") {
  TempDir dir;
  const SessionCaOptions options = options_in(dir);
  CHECK(prepared(options) == SessionCaOutcome::generated);
  const std::string key = options.proxy_dir + "/ca.key";
  const std::string cert = options.proxy_dir + "/ca.crt";
  CHECK(mode_of(options.proxy_dir) == 0700);
  CHECK(mode_of(key) == 0600);
  CHECK(mode_of(cert) == 0644);
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(options.proxy_dir)) {
    names.push_back(entry.path().filename());
  }
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"ca.crt", "ca.key"});  // no staging left behind

  auto authority = octobot::proxy::CertificateAuthority::load_or_create(cert, key);
  INFO((authority ? std::string() : authority.error()));
  REQUIRE(authority.ok());
  CHECK((*authority)->certificate_pem() == text_of(cert));

  const std::string pem = text_of(cert);
  const std::string key_pem = text_of(key);
  CHECK(prepared(options) == SessionCaOutcome::reused);
  CHECK(text_of(cert) == pem);
  CHECK(text_of(key) == key_pem);
}

TEST_CASE("session CA: installed in the trust store once, without update-ca-certificates", "[agent][setup][ca]") {
  TempDir dir;
  const SessionCaOptions options = options_in(dir);
  {
    std::ofstream bundle(options.trust_bundle);
    bundle << "-----BEGIN CERTIFICATE-----\nsystem\n-----END CERTIFICATE-----";  // no final newline
  }
  prepared(options);
  const std::string pem = text_of(options.proxy_dir + "/ca.crt");
  CHECK(text_of(options.trust_cert) == pem);
  CHECK(mode_of(options.trust_cert) == 0644);
  CHECK(text_of(options.trust_bundle) == "-----BEGIN CERTIFICATE-----\nsystem\n-----END CERTIFICATE-----\n" + pem);

  prepared(options);  // a restart: nothing added
  CHECK(occurrences(text_of(options.trust_bundle), pem) == 1);

  std::filesystem::remove(options.trust_bundle);  // a new container on the same volume
  std::filesystem::remove(options.trust_cert);
  CHECK(prepared(options) == SessionCaOutcome::reused);
  CHECK(text_of(options.trust_bundle) == pem);
  CHECK(text_of(options.trust_cert) == pem);
}

TEST_CASE("session CA: an incomplete CA is made again; a broken certificate is an error", "[agent][setup][ca]") {
  TempDir dir;
  const SessionCaOptions options = options_in(dir);
  prepared(options);
  const std::string cert = options.proxy_dir + "/ca.crt";
  const std::string first = text_of(cert);
  std::filesystem::remove(cert);
  CHECK(prepared(options) == SessionCaOutcome::generated);
  CHECK(text_of(cert) != first);

  { std::ofstream(cert) << "not a certificate\n"; }
  auto broken = prepare_session_ca(options);
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error() == cert + " is not a PEM certificate (remove " + options.proxy_dir +
                              "/ca.* to make a new session CA)");
}

TEST_CASE("session CA: errors name the tool or the path", "[agent][setup][ca]") {
  TempDir dir;
  SessionCaOptions options = options_in(dir);
  options.openssl = dir.file("no-openssl");
  auto missing = prepare_session_ca(options);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().starts_with("cannot start '" + dir.file("no-openssl") + "'"));
  CHECK_FALSE(std::filesystem::exists(options.proxy_dir + "/ca.key"));

  options = options_in(dir);
  options.trust_cert = dir.file("missing-dir/octobot-session-ca.crt");
  auto unwritable = prepare_session_ca(options);
  REQUIRE_FALSE(unwritable.ok());
  CHECK(unwritable.error().starts_with("cannot create " + dir.file("missing-dir/octobot-session-ca.crt.tmp-")));
}

TEST_CASE("session CA: the directory, key and certificate belong to the proxy user", "[agent][setup][ca][root]") {
  if (::geteuid() != 0) {
    WARN("skipped: giving files to another user needs root");
    return;
  }
  TempDir dir;
  SessionCaOptions options = options_in(dir);
  octobot::agent::Identity nobody;
  nobody.name = "nobody";
  nobody.uid = 65534;
  nobody.gid = 65534;
  options.owner = nobody;
  prepared(options);
  for (const std::string& path : {options.proxy_dir, options.proxy_dir + "/ca.key", options.proxy_dir + "/ca.crt"}) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    INFO(path);
    CHECK(st.st_uid == 65534);
    CHECK(st.st_gid == 65534);
  }
  struct stat st {};
  REQUIRE(::stat(options.trust_cert.c_str(), &st) == 0);
  CHECK(st.st_uid == 0);  // the trust store stays root's
}
