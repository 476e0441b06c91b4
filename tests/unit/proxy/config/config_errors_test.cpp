// parse_proxy_config(): every error names the source, the line and the key.
#include "proxy/config/proxy_config.hpp"

#include <catch2/catch.hpp>

using namespace octobot::proxy;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::string error_of(std::string_view yaml) {
  auto config = parse_proxy_config(yaml, "t.yaml");
  REQUIRE_FALSE(config.ok());
  return config.error().message;
}

}  // namespace

TEST_CASE("YAML syntax errors name the line", "[proxy][config][errors]") {
  CHECK_THAT(error_of("listen: 127.0.0.1:1\nallow:\n  hosts: [a.com\n"), StartsWith("t.yaml:4: YAML syntax error: "));
  CHECK_THAT(error_of("listen: 127.0.0.1:1\n  bad: indentation\n"), StartsWith("t.yaml:2: YAML syntax error: "));
}

TEST_CASE("an empty file or a top level that is not a mapping is an error", "[proxy][config][errors]") {
  CHECK(error_of("") == "t.yaml:1: the file is empty; expected a mapping of settings");
  CHECK(error_of("# only a comment\n") == "t.yaml:1: the file is empty; expected a mapping of settings");
  CHECK_THAT(error_of("\n- a\n- b\n"), StartsWith("t.yaml:2: the top level must be a mapping"));
  CHECK_THAT(error_of("just text\n"), StartsWith("t.yaml:1: the top level must be a mapping"));
  CHECK_THAT(error_of("~\n"), StartsWith("t.yaml:1: the top level must be a mapping"));
  CHECK(error_of("listen: 127.0.0.1:1\n---\nlisten: 127.0.0.1:2\n") ==
        "t.yaml:2: unexpected content after the first YAML document (only one is allowed)");
  CHECK_THAT(error_of(",listen: 127.0.0.1:1\n"), StartsWith("t.yaml:1: unexpected content after the first YAML"));
}

TEST_CASE("unknown keys are named with their line", "[proxy][config][errors]") {
  CHECK_THAT(error_of("listen: 127.0.0.1:1\n\nlisen: x\n"),
             StartsWith("t.yaml:3: lisen: unknown key \"lisen\" (expected one of: listen, api, ca,"));
  CHECK(error_of("allow:\n  hosts: [a.com]\n  cidr: []\n") ==
        "t.yaml:3: allow.cidr: unknown key \"cidr\" (expected one of: hosts, cidrs)");
  CHECK_THAT(error_of("rules:\n  - host: a.com\n    set_header: {}\n"),
             StartsWith("t.yaml:3: rules[0].set_header: unknown key \"set_header\""));
  CHECK_THAT(error_of("rules:\n  - host: a.com\n    credentials:\n      - header: x-a\n        secret: s\n"),
             StartsWith("t.yaml:5: rules[0].credentials[0].secret: unknown key \"secret\""));
  CHECK_THAT(error_of("limits:\n  idle: 5m\n"), StartsWith("t.yaml:2: limits.idle: unknown key"));
}

TEST_CASE("duplicate keys are errors", "[proxy][config][errors]") {
  CHECK(error_of("listen: 127.0.0.1:1\nlisten: 127.0.0.1:2\n") == "t.yaml:2: listen: duplicate key");
  CHECK(error_of("allow:\n  hosts: []\n  hosts: []\n") == "t.yaml:3: allow.hosts: duplicate key");
}

TEST_CASE("wrong types are errors", "[proxy][config][errors]") {
  CHECK(error_of("allow:\n  hosts: api.example.com\n") == "t.yaml:2: allow.hosts: expected a list, got a string");
  CHECK(error_of("allow: [a.com]\n") == "t.yaml:1: allow: expected a mapping, got a list");
  CHECK(error_of("listen:\n") == "t.yaml:1: listen: expected a string, got nothing");
  CHECK(error_of("listen: [a, b]\n") == "t.yaml:1: listen: expected a string, got a list");
  CHECK(error_of("rules:\n  - a.com\n") ==
        "t.yaml:2: rules[0]: expected a mapping with host and header rules, got a string");
  CHECK(error_of("rules:\n  - host: a.com\n    set_headers: [x-a]\n") ==
        "t.yaml:3: rules[0].set_headers: expected a mapping of header names to values, got a list");
  CHECK(error_of("rules:\n  - host: a.com\n    set_headers:\n      x-a: { nested: 1 }\n") ==
        "t.yaml:4: rules[0].set_headers.x-a: expected a string, got a mapping");
  CHECK(error_of("{[a]: b}\n") == "t.yaml:1: a key must be a plain name, not a list, mapping or null");
}

TEST_CASE("CIDR errors say what is wrong", "[proxy][config][errors]") {
  const std::string yaml = "listen: 127.0.0.1:17080\n"
                           "# comment\n"
                           "\n"
                           "allow:\n"
                           "  cidrs:\n"
                           "    - 10.0.0.0/8\n"
                           "    - 10.0.0.1/8\n";
  CHECK(error_of(yaml) == "t.yaml:7: allow.cidrs[1]: host bits set beyond the prefix in 10.0.0.1/8");
  CHECK(error_of("deny: { cidrs: [10.0.0.0/33] }\n") ==
        "t.yaml:1: deny.cidrs[0]: the prefix length must be 0-32 in \"10.0.0.0/33\"");
  CHECK_THAT(error_of("deny:\n  cidrs: [example.com/8]\n"),
             StartsWith("t.yaml:2: deny.cidrs[0]: not an IP address or CIDR range"));
}

TEST_CASE("host patterns are validated", "[proxy][config][errors]") {
  CHECK_THAT(error_of("allow:\n  hosts:\n    - ok.example.com\n    - 'bad host'\n"),
             StartsWith("t.yaml:4: allow.hosts[1]: not a host name or \"*.domain\" pattern: \"bad host\""));
  CHECK_THAT(error_of("allow: { hosts: [\"a.*.com\"] }\n"), StartsWith("t.yaml:1: allow.hosts[0]: not a host name"));
  CHECK_THAT(error_of("allow: { hosts: [\"*\"] }\n"), StartsWith("t.yaml:1: allow.hosts[0]: not a host name"));
  CHECK_THAT(error_of("allow: { hosts: [\"bücher.de\"] }\n"), Contains("punycode"));
  CHECK(error_of("allow: { hosts: [\"*.10.0.0.1\"] }\n") ==
        "t.yaml:1: allow.hosts[0]: a \"*.\" pattern needs a domain, not an address");
}

TEST_CASE("rule hosts are exact, valid and unique", "[proxy][config][errors]") {
  CHECK(error_of("rules:\n  - host: '*.example.com'\n") ==
        "t.yaml:2: rules[0].host: a rule applies to one exact host, not a pattern: \"*.example.com\"");
  CHECK(error_of("rules:\n  - host: 'a b'\n") == "t.yaml:2: rules[0].host: not a host name or IP address: \"a b\"");
  CHECK(error_of("rules:\n\n  - set_headers: { x-a: b }\n") ==
        "t.yaml:3: rules[0].host: required: the exact host name this rule applies to");
  CHECK(error_of("rules:\n  - host: api.example.com\n  - host: API.example.com.\n") ==
        "t.yaml:3: rules[1].host: api.example.com already has a rule (rules[0])");
}

TEST_CASE("header rules are validated", "[proxy][config][errors]") {
  CHECK(error_of("rules:\n  - host: a.com\n    set_headers:\n      bad header: x\n") ==
        "t.yaml:4: rules[0].set_headers.bad header: not a valid header name: \"bad header\"");
  CHECK(error_of("rules:\n  - host: a.com\n    set_headers:\n      x-a: \"one\\r\\ntwo\"\n") ==
        "t.yaml:4: rules[0].set_headers.x-a: a header value may not contain CR, LF, NUL or other control characters");
  CHECK(error_of("rules:\n  - host: a.com\n    set_headers: { X-A: a, x-a: b }\n") ==
        "t.yaml:3: rules[0].set_headers.x-a: set twice (header names ignore case)");
  CHECK(error_of("rules:\n  - host: a.com\n    remove_headers:\n      - x-a\n      - Content-Length\n") ==
        "t.yaml:5: rules[0].remove_headers[1]: Content-Length frames or routes the message; a rule cannot set or "
        "remove it");
  CHECK(error_of("rules:\n  - host: a.com\n    set_headers: { host: evil.com }\n") ==
        "t.yaml:3: rules[0].set_headers.host: host frames or routes the message; a rule cannot set or remove it");
  CHECK(error_of("rules:\n  - host: a.com\n    set_headers: { x-a: b }\n    remove_headers: [X-A]\n") ==
        "t.yaml:4: rules[0].remove_headers[0]: x-a is also in set_headers");
}

TEST_CASE("credentials are validated", "[proxy][config][errors]") {
  const std::string rule = "rules:\n  - host: a.com\n    credentials:\n";
  CHECK(error_of(rule + "      - { header: x-key, placeholder: SHORT, value: s }\n") ==
        "t.yaml:4: rules[0].credentials[0].placeholder: a placeholder is 8-128 characters of A-Z, a-z, 0-9, '_' "
        "and '-', got \"SHORT\"");
  CHECK_THAT(error_of(rule + "      - { header: x-key, placeholder: 'HAS SPACE 1', value: s }\n"),
             StartsWith("t.yaml:4: rules[0].credentials[0].placeholder: a placeholder is 8-128 characters"));
  CHECK(error_of(rule + "      - { header: x-key, placeholder: PLACEHOLDER, value: s, value_file: /f }\n") ==
        "t.yaml:4: rules[0].credentials[0]: give either value or value_file, not both");
  CHECK(error_of(rule + "      - header: x-key\n        placeholder: PLACEHOLDER\n") ==
        "t.yaml:4: rules[0].credentials[0].value_file: required (or value): where the secret comes from");
  CHECK(error_of(rule + "      - { placeholder: PLACEHOLDER, value: s }\n") ==
        "t.yaml:4: rules[0].credentials[0].header: required: the request header that carries the placeholder");
  CHECK(error_of(rule + "      - { header: 'x key', placeholder: PLACEHOLDER, value: s }\n") ==
        "t.yaml:4: rules[0].credentials[0].header: not a valid header name: \"x key\"");
  CHECK(error_of(rule + "      - { header: x-key, placeholder: PLACEHOLDER, value: '' }\n") ==
        "t.yaml:4: rules[0].credentials[0].value: the secret is empty");
  CHECK(error_of(rule + "      - { header: x-key, placeholder: PLACEHOLDER, value: \"a\\nb\" }\n") ==
        "t.yaml:4: rules[0].credentials[0].value: the secret contains CR, LF, NUL or another control character");
  CHECK_THAT(error_of(rule + "      - { header: x-key, placeholder: PLACEHOLDER, value: <redacted> }\n"),
             StartsWith("t.yaml:4: rules[0].credentials[0].value: \"<redacted>\" keeps a current secret"));
  CHECK(error_of(rule + "      - { header: x-key, placeholder: PLACEHOLDER, value: s }\n"
                        "      - { header: X-Key, placeholder: PLACEHOLDER, value: s }\n") ==
        "t.yaml:5: rules[0].credentials[1]: this rule already has a credential for x-key with placeholder PLACEHOLDER");
  CHECK(error_of("rules:\n  - host: a.com\n    remove_headers: [x-key]\n    credentials:\n"
                 "      - { header: x-key, placeholder: PLACEHOLDER, value: s }\n") ==
        "t.yaml:5: rules[0].credentials[0].header: x-key is also in this rule's set_headers or remove_headers");
}

TEST_CASE("a placeholder may not stand for two different secrets", "[proxy][config][errors]") {
  const std::string yaml = "rules:\n"
                           "  - host: a.example.com\n"
                           "    credentials: [{ header: x-key, placeholder: SHARED_KEY, value: first-secret }]\n"
                           "  - host: b.example.com\n"
                           "    credentials:\n"
                           "      - header: x-key\n"
                           "        placeholder: SHARED_KEY\n"
                           "        value: second-secret\n";
  const std::string message = error_of(yaml);
  CHECK(message == "t.yaml:7: rules[1].credentials[0].placeholder: SHARED_KEY is also used by "
                   "rules[0].credentials[0] with a different secret; one placeholder stands for one secret");
  CHECK_THAT(message, !Contains("first-secret") && !Contains("second-secret"));
}

TEST_CASE("listen addresses are validated", "[proxy][config][errors]") {
  CHECK_THAT(error_of("listen: 127.0.0.1:0\n"), StartsWith("t.yaml:1: listen: expected host:port"));
  CHECK_THAT(error_of("listen: 127.0.0.1\n"), StartsWith("t.yaml:1: listen: expected host:port"));
  CHECK_THAT(error_of("listen: ::1:80\n"), StartsWith("t.yaml:1: listen: expected host:port"));
  CHECK_THAT(error_of("listen: unix:/run/x.sock\n"), StartsWith("t.yaml:1: listen: expected host:port"));
  CHECK_THAT(error_of("\napi:\n  listen: 127.0.0.1:99999\n  token_file: t\n"),
             StartsWith("t.yaml:3: api.listen: expected host:port"));
  CHECK_THAT(error_of("api: { listen: 'unix:relative.sock', token_file: t }\n"), Contains("unix:/absolute/path"));
  CHECK(error_of("\napi:\n  listen: 127.0.0.1:17081\n") ==
        "t.yaml:3: api.token_file: required when api.listen is set: the file holding the bearer token (or "
        "api.token_sha256: the token's SHA-256)");
  CHECK_THAT(error_of("api: { token_file: t }\n"), StartsWith("t.yaml:1: api.listen: required"));
  CHECK(error_of("ca: { cert: /ca.crt }\n") == "t.yaml:1: ca.key: required: give both the CA's cert and key");
}

TEST_CASE("api.token_sha256: 64 hex digits, or api.token_file, not both", "[proxy][config][errors]") {
  const std::string hash(64, 'a');
  CHECK(error_of("api:\n  listen: 127.0.0.1:17081\n  token_file: t\n  token_sha256: " + hash + "\n") ==
        "t.yaml:4: api.token_sha256: give api.token_file or api.token_sha256, not both");
  CHECK(error_of("api:\n  listen: 127.0.0.1:17081\n  token_sha256: abc123\n") ==
        "t.yaml:3: api.token_sha256: expected the bearer token's SHA-256 as 64 hex digits, got 6 characters");
  CHECK(error_of("api:\n  listen: 127.0.0.1:17081\n  token_sha256: " + std::string(63, 'a') + "g\n") ==
        "t.yaml:3: api.token_sha256: expected the bearer token's SHA-256 as 64 hex digits, got 64 characters that "
        "are not all hex digits");
  CHECK(error_of("api:\n  listen: 127.0.0.1:17081\n  token_sha256: [" + hash + "]\n") ==
        "t.yaml:3: api.token_sha256: expected a string, got a list");
  CHECK_THAT(error_of("api:\n  listen: 127.0.0.1:17081\n  token_sha: " + hash + "\n"),
             StartsWith("t.yaml:3: api.token_sha: unknown key \"token_sha\" (expected one of: listen, token_file, "
                        "token_sha256)"));
}

TEST_CASE("bad sizes, counts and durations are errors", "[proxy][config][errors]") {
  CHECK(error_of("cache:\n  max_size: 20 gigs\n") ==
        "t.yaml:2: cache.max_size: expected a size above zero like 64KiB, 512MiB, 20GiB, 10GB or 1048576, got "
        "\"20 gigs\"");
  CHECK_THAT(error_of("cache: { max_size: 0 }\n"), StartsWith("t.yaml:1: cache.max_size: expected a size above zero"));
  CHECK_THAT(error_of("cache: { max_size: 99999999999999999999 }\n"), StartsWith("t.yaml:1: cache.max_size:"));
  CHECK(error_of("limits:\n  header_timeout: 30s\n  idle_timeout: 5 minutes\n") ==
        "t.yaml:3: limits.idle_timeout: expected a duration above zero like 500ms, 30s, 5m, 1h or 30 (seconds), got "
        "\"5 minutes\"");
  CHECK_THAT(error_of("limits: { connect_timeout: 0s }\n"), StartsWith("t.yaml:1: limits.connect_timeout:"));
  CHECK_THAT(error_of("limits: { max_connections: -1 }\n"),
             StartsWith("t.yaml:1: limits.max_connections: expected a whole number from 1 to 1000000"));
  CHECK_THAT(error_of("limits: { max_connections: 0 }\n"), StartsWith("t.yaml:1: limits.max_connections:"));
  CHECK_THAT(error_of("log: { file: '' }\n"), StartsWith("t.yaml:1: log.file: must not be empty"));
  CHECK_THAT(error_of("upstream_ca_files: [a.pem, '']\n"), StartsWith("t.yaml:1: upstream_ca_files[1]: must not"));
}

TEST_CASE("text that is not UTF-8 is refused", "[proxy][config][errors]") {
  CHECK(error_of("listen: 127.0.0.1:1\nlog: { file: \"/tmp/\xff\" }\n") == "t.yaml:2: log.file: not valid UTF-8");
}
