// load_proxy_config(): reading the file, value_files and relative paths.
#include "proxy/config/proxy_config.hpp"
#include "tests/unit/proxy/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace octobot::proxy;
using octobot::proxy::test::TempDir;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

constexpr std::string_view kSecret = "sk-ant-REAL-SECRET-0123456789";

std::string rule_with_value_file(std::string_view value_file) {
  return "rules:\n"
         "  - host: api.anthropic.com\n"
         "    credentials:\n"
         "      - header: x-api-key\n"
         "        placeholder: OCTOBOT_PLACEHOLDER_ANTHROPIC\n"
         "        value_file: " +
         std::string(value_file) + "\n";
}

std::string load_error(const std::string& path) {
  auto config = load_proxy_config(path);
  REQUIRE_FALSE(config.ok());
  return config.error().message;
}

}  // namespace

TEST_CASE("value_file secrets are read with one trailing newline stripped", "[proxy][config][secrets]") {
  TempDir dir;
  auto [content, expected] = GENERATE(table<std::string, std::string>({
      {std::string(kSecret), std::string(kSecret)},
      {std::string(kSecret) + "\n", std::string(kSecret)},
      {std::string(kSecret) + "\r\n", std::string(kSecret)},
      {"with space and\ttab\n", "with space and\ttab"},
  }));
  dir.write("secret", content);
  const std::string path = dir.write("proxy.yaml", rule_with_value_file("secret"));
  auto config = load_proxy_config(path);
  INFO((config ? std::string() : config.error().message));
  REQUIRE(config.ok());
  const CredentialRule& credential = config->policy.rules.at(0).credentials.at(0);
  CHECK(credential.value == expected);
  CHECK(credential.value_file == dir.path() + "/secret");  // resolved against the config's directory
  CHECK(config->source == path);
}

TEST_CASE("bad secret files are errors naming the file and line", "[proxy][config][secrets]") {
  TempDir dir;
  const std::string secret_path = dir.path() + "/secret";
  const std::string config_path = dir.write("proxy.yaml", rule_with_value_file("secret"));
  const std::string prefix = config_path + ":6: rules[0].credentials[0].value_file: ";

  SECTION("missing") {
    CHECK(load_error(config_path) == prefix + "cannot read " + secret_path + ": No such file or directory");
  }
  SECTION("a directory") {
    std::filesystem::create_directory(secret_path);
    CHECK(load_error(config_path) == prefix + "cannot read " + secret_path + ": not a regular file");
  }
  SECTION("too large") {
    dir.write("secret", std::string(64 * 1024 + 1, 'a'));
    CHECK_THAT(load_error(config_path), StartsWith(prefix + "cannot read " + secret_path + ": larger than"));
  }
}

// One message for every bad content: it names the file and the rule it breaks,
// never what the file holds (quoting or describing it would make the error an
// oracle for the file's content).
TEST_CASE("a secret file with bad content gets one message that tells nothing of it", "[proxy][config][secrets]") {
  TempDir dir;
  const std::string secret_path = dir.path() + "/secret";
  const std::string config_path = dir.write("proxy.yaml", rule_with_value_file("secret"));
  const std::string invalid = config_path + ":6: rules[0].credentials[0].value_file: the secret file " +
                              secret_path +
                              " does not hold a valid secret: it must be one non-empty line without control "
                              "characters (one trailing newline is removed)";
  auto [content, shown] = GENERATE(table<std::string, std::string>({
      {"", ""},
      {"\n", ""},
      {"line-one\nline-two\n", "line-one"},
      {"secret-part\n\n", "secret-part"},
      {"root:x:0:0:root\r\n\r\n", "root:x"},
      {std::string("nul\0inside", 10), "inside"},
      {"bell\a\n", "bell"},
  }));
  dir.write("secret", content);
  const std::string message = load_error(config_path);
  CHECK(message == invalid);
  if (!shown.empty()) CHECK_THAT(message, !Contains(shown));
}

TEST_CASE("one placeholder in two rules must have the same secret after loading", "[proxy][config][secrets]") {
  TempDir dir;
  dir.write("one", "same-secret\n");
  auto [second_secret, same] = GENERATE(table<std::string, bool>({{"same-secret", true}, {"other-secret", false}}));
  dir.write("two", second_secret);
  const std::string path = dir.write("proxy.yaml",
                                     "rules:\n"
                                     "  - host: a.example.com\n"
                                     "    credentials: [{header: x-key, placeholder: SHARED_KEY, value_file: one}]\n"
                                     "  - host: b.example.com\n"
                                     "    credentials: [{header: x-key, placeholder: SHARED_KEY, value_file: two}]\n");
  auto config = load_proxy_config(path);
  if (same) {
    REQUIRE(config.ok());
    CHECK(config->policy.rules[1].credentials[0].value == "same-secret");
  } else {
    REQUIRE_FALSE(config.ok());
    CHECK(config.error().message == path + ":5: rules[1].credentials[0].placeholder: SHARED_KEY is also used by "
                                           "rules[0].credentials[0] with a different secret; one placeholder "
                                           "stands for one secret");
  }
}

TEST_CASE("relative paths resolve against the config file's directory", "[proxy][config][secrets]") {
  TempDir dir;
  const std::string path = dir.write("proxy.yaml",
                                     "api: { listen: 127.0.0.1:1, token_file: token }\n"
                                     "ca: { cert: ca/ca.crt, key: /abs/ca.key }\n"
                                     "upstream_ca_files: [extra.pem]\n"
                                     "cache: { dir: cache }\n"
                                     "log: { file: access.log }\n");
  auto config = load_proxy_config(path);
  REQUIRE(config.ok());
  CHECK(config->api_token_file == dir.path() + "/token");
  CHECK(config->ca_cert == dir.path() + "/ca/ca.crt");
  CHECK(config->ca_key == "/abs/ca.key");
  CHECK(config->upstream_ca_files == std::vector<std::string>{dir.path() + "/extra.pem"});
  CHECK(config->cache_dir == dir.path() + "/cache");
  CHECK(config->log_file == dir.path() + "/access.log");

  const std::string stdout_path = dir.write("stdout.yaml", "log: { file: \"-\" }\n");
  auto stdout_config = load_proxy_config(stdout_path);
  REQUIRE(stdout_config.ok());
  CHECK(stdout_config->log_file == "-");
}

TEST_CASE("the config file itself must be readable and small", "[proxy][config][secrets]") {
  TempDir dir;
  CHECK(load_error(dir.path() + "/missing.yaml") ==
        "cannot read " + dir.path() + "/missing.yaml: No such file or directory");
  const std::string big = dir.write("big.yaml", "# " + std::string(1 << 20, 'x') + "\n");
  CHECK_THAT(load_error(big), StartsWith("cannot read " + big + ": larger than 1048576 bytes"));
  CHECK(load_error(dir.path()) == "cannot read " + dir.path() + ": not a regular file");
}

TEST_CASE("loaded secrets never appear in the JSON views", "[proxy][config][secrets]") {
  TempDir dir;
  dir.write("secret", std::string(kSecret) + "\n");
  const std::string path = dir.write("proxy.yaml", rule_with_value_file("secret") +
                                                       "  - host: inline.example.com\n"
                                                       "    credentials:\n"
                                                       "      - { header: authorization, placeholder: INLINE_KEY, "
                                                       "value: inline-secret-value }\n");
  auto config = load_proxy_config(path);
  REQUIRE(config.ok());
  REQUIRE(config->policy.rules[0].credentials[0].value == kSecret);
  REQUIRE(config->policy.rules[1].credentials[0].value == "inline-secret-value");
  for (const std::string& dump : {policy_to_json(config->policy).dump(), config_to_json(*config).dump()}) {
    CHECK_THAT(dump, !Contains(std::string(kSecret)));
    CHECK_THAT(dump, !Contains("inline-secret-value"));
    CHECK_THAT(dump, Contains("\"value\":\"<redacted>\""));
    CHECK_THAT(dump, !Contains("value_file"));  // where secrets come from is not part of the API's view
  }
}
