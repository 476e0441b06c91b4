// agent/setup/proxy_config: the proxy.yaml the agent writes is one that
// octobot-proxy's own reader accepts, with the session's contract in it.
#include "agent/setup/proxy_config.hpp"
#include "proxy/config/proxy_config.hpp"
#include "tests/unit/agent/agent_process.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

using octobot::agent::ProxyConfigOptions;
using octobot::agent::test::TempDir;

namespace {

const std::string kHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

ProxyConfigOptions options_in(const TempDir& dir) {
  ProxyConfigOptions options;
  options.path = dir.file("proxy.yaml");
  options.ca_cert = "/data/proxy/ca.crt";
  options.ca_key = "/data/proxy/ca.key";
  options.token_sha256 = kHash;
  return options;
}

octobot::proxy::ProxyConfig parsed(const std::string& text) {
  auto config = octobot::proxy::parse_proxy_config(text, "proxy.yaml");
  INFO(text);
  INFO((config ? std::string() : config.error().message));
  REQUIRE(config.ok());
  return *config;
}

}  // namespace

TEST_CASE("proxy config: the proxy reads the contract from it", "[agent][setup][proxy]") {
  TempDir dir;
  ProxyConfigOptions options = options_in(dir);
  auto config = parsed(octobot::agent::proxy_config_text(options));
  CHECK(config.listen == "127.0.0.1:17080");
  CHECK(config.api_listen == "0.0.0.0:17081");
  CHECK(config.api_token_sha256 == kHash);
  CHECK(config.api_token_file.empty());
  CHECK(config.ca_cert == "/data/proxy/ca.crt");
  CHECK(config.ca_key == "/data/proxy/ca.key");
  CHECK(config.upstream_ca_files.empty());
  CHECK(config.policy.allow_hosts.empty());  // deny everything until the server pushes
  CHECK(config.policy.rules.empty());
  CHECK(config.log_file == "-");

  options.upstream_ca_file = "/etc/octobot/upstream-ca.pem";
  options.ca_cert = "/data dir/with: \"odd\" #chars/ca.crt";
  config = parsed(octobot::agent::proxy_config_text(options));
  CHECK(config.upstream_ca_files == std::vector<std::string>{"/etc/octobot/upstream-ca.pem"});
  CHECK(config.ca_cert == "/data dir/with: \"odd\" #chars/ca.crt");
}

TEST_CASE("proxy config: written 0600; the token hash and the upstream CA file are checked",
          "[agent][setup][proxy]") {
  TempDir dir;
  ProxyConfigOptions options = options_in(dir);
  REQUIRE(octobot::agent::write_proxy_config(options).ok());
  CHECK(octobot::agent::test::read_file(options.path) == octobot::agent::proxy_config_text(options));
  struct stat st {};
  REQUIRE(::stat(options.path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);

  options.token_sha256.clear();
  auto no_token = octobot::agent::write_proxy_config(options);
  REQUIRE_FALSE(no_token.ok());
  CHECK(no_token.error() ==
        "OCTOBOT_PROXY_TOKEN_SHA256 is not set: the proxy's control API needs its token's SHA-256");

  options = options_in(dir);
  options.upstream_ca_file = dir.file("upstream-ca.pem");
  auto no_ca = octobot::agent::write_proxy_config(options);
  REQUIRE_FALSE(no_ca.ok());
  CHECK(no_ca.error() == "OCTOBOT_UPSTREAM_CA_FILE: " + dir.file("upstream-ca.pem") + ": No such file or directory");

  if (::geteuid() == 0) {
    options = options_in(dir);
    octobot::agent::Identity nobody;
    nobody.name = "nobody";
    nobody.uid = 65534;
    nobody.gid = 65534;
    options.owner = nobody;
    REQUIRE(octobot::agent::write_proxy_config(options).ok());
    REQUIRE(::stat(options.path.c_str(), &st) == 0);
    CHECK(st.st_uid == 65534);
    CHECK((st.st_mode & 07777) == 0600);
  }
}
