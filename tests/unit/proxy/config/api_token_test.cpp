// read_api_token(): the control API's token file or token hash, as
// --check-config and start-up both check it, and ApiToken::matches().
#include "proxy/config/api_token.hpp"
#include "lib/crypto/crypto.hpp"
#include "tests/unit/proxy/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cctype>
#include <cstdio>

using namespace octobot::proxy;
using octobot::proxy::test::TempDir;
using Catch::Matchers::Contains;

namespace {

constexpr std::string_view kToken = "a-token-of-32-characters-0123456";

ProxyConfig with_token_file(const std::string& path) {
  ProxyConfig config;
  config.source = "/etc/octobot/proxy.yaml";
  config.api_listen = "127.0.0.1:17081";
  config.api_token_file = path;
  return config;
}

// Writes `content` to dir/token with `mode`; returns the path.
std::string token_file(const TempDir& dir, std::string_view content, mode_t mode) {
  const std::string path = dir.write("token", content);
  REQUIRE(::chmod(path.c_str(), mode) == 0);
  return path;
}

std::string token_error(const std::string& path) {
  auto token = read_api_token(with_token_file(path));
  REQUIRE_FALSE(token.ok());
  return token.error().message;
}

}  // namespace

TEST_CASE("no control API needs no token", "[proxy][config][token]") {
  ProxyConfig config;
  auto token = read_api_token(config);
  REQUIRE(token.ok());
  CHECK_FALSE(token->matches(""));
  CHECK_FALSE(token->matches(kToken));
}

TEST_CASE("the token is the trimmed first line of an owner-only file", "[proxy][config][token]") {
  TempDir dir;
  auto [content, mode] = GENERATE(table<std::string, mode_t>({
      {std::string(kToken), 0600},
      {std::string(kToken) + "\n", 0400},
      {"  " + std::string(kToken) + " \r\nsecond line is ignored\n", 0600},
  }));
  auto token = read_api_token(with_token_file(token_file(dir, content, mode)));
  INFO((token ? std::string() : token.error().message));
  REQUIRE(token.ok());
  CHECK(token->matches(kToken));
  CHECK_FALSE(token->matches(std::string(kToken) + "\n"));
  CHECK_FALSE(token->matches(kToken.substr(1)));
}

TEST_CASE("a token file its group or others may access is refused, naming the file and the mode",
          "[proxy][config][token]") {
  TempDir dir;
  const mode_t mode = GENERATE(mode_t{0644}, mode_t{0640}, mode_t{0604}, mode_t{0620}, mode_t{0602}, mode_t{0610},
                               mode_t{0601}, mode_t{0660}, mode_t{0666}, mode_t{0700 | 0070});
  const std::string path = token_file(dir, std::string(kToken) + "\n", mode);
  char octal[8];
  std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
  CHECK(token_error(path) == "/etc/octobot/proxy.yaml: api.token_file: " + path + " has mode " + octal +
                                 " (group or others can access it); run: chmod 600 " + path);
}

TEST_CASE("a short or unprintable token is refused without showing it", "[proxy][config][token]") {
  TempDir dir;
  const std::string content = GENERATE(std::string("short-token\n"), std::string("fifteen-chars-x\n"),
                                       std::string("\n" + std::string(kToken)), std::string(""),
                                       std::string("a-token with a space-0123456\n"),
                                       std::string("a-token-with-a-tab\t-0123456\n"),
                                       std::string("a-token-with-\x01-control-0123\n"),
                                       std::string("a-token-with-\xc3\xa9-non-ascii-012\n"));
  INFO(content);
  const std::string path = token_file(dir, content, 0600);
  const std::string message = token_error(path);
  CHECK(message == "/etc/octobot/proxy.yaml: api.token_file: the token in " + path +
                       " must be at least 16 characters of visible ASCII (no spaces or control characters) on the "
                       "first line");
  CHECK_THAT(message, !Contains("short-token") && !Contains("a-token"));
}

TEST_CASE("an unreadable token file is refused, naming it", "[proxy][config][token]") {
  TempDir dir;
  CHECK(token_error(dir.file("missing")) == "/etc/octobot/proxy.yaml: api.token_file: cannot read " +
                                                dir.file("missing") + ": No such file or directory");
  CHECK(token_error(dir.path()) ==
        "/etc/octobot/proxy.yaml: api.token_file: cannot read " + dir.path() + ": not a regular file");
}

TEST_CASE("api.token_sha256: the token is known by its SHA-256 only, any case", "[proxy][config][token]") {
  // sha256("a-token-of-32-characters-0123456")
  const std::string hash = octobot::crypto::sha256_hex(kToken);
  ProxyConfig config;
  config.source = "/etc/octobot/proxy.yaml";
  config.api_listen = "127.0.0.1:17081";
  config.api_token_sha256 = hash;
  config.api_token_file = "/nonexistent/never-read";
  auto token = read_api_token(config);
  REQUIRE(token.ok());
  CHECK(token->matches(kToken));
  CHECK_FALSE(token->matches(hash));  // the hash itself is not the token
  CHECK_FALSE(token->matches(""));
  CHECK_FALSE(token->matches(std::string(kToken) + "x"));

  std::string upper = hash;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(ApiToken::from_sha256_hex(upper).matches(kToken));
  CHECK(ApiToken::from_token(kToken).matches(kToken));
  CHECK_FALSE(ApiToken().matches(""));
}
