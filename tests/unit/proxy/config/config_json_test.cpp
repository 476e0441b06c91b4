// JSON views (GET /config) and changes (PUT and PATCH /config).
#include "proxy/config/proxy_config.hpp"
#include "tests/unit/proxy/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace octobot::proxy;
using octobot::proxy::test::TempDir;
using nlohmann::json;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// A policy as loaded: one file-based and one inline credential.
PolicyConfig loaded_policy(const TempDir& dir) {
  dir.write("anthropic.key", "file-secret-AAAA\n");
  const std::string path = dir.write("proxy.yaml", R"(allow:
  hosts: [api.anthropic.com, "*.github.com"]
  cidrs: [10.0.0.0/8]
deny: { cidrs: [10.1.0.0/16] }
rules:
  - host: api.anthropic.com
    set_headers: { anthropic-version: "2023-06-01" }
    remove_headers: [x-forwarded-for]
    credentials:
      - { header: x-api-key, placeholder: OCTOBOT_PLACEHOLDER_ANTHROPIC, value_file: anthropic.key }
  - host: api.github.com
    credentials:
      - { header: authorization, placeholder: OCTOBOT_PLACEHOLDER_GITHUB, value: inline-secret-BBBB }
)");
  auto config = load_proxy_config(path);
  INFO((config ? std::string() : config.error().message));
  REQUIRE(config.ok());
  return config->policy;
}

std::string put_error(const json& body, const PolicyConfig& current = {}) {
  auto policy = replace_policy(body, current);
  REQUIRE_FALSE(policy.ok());
  return policy.error().message;
}

std::string patch_error(const PolicyConfig& current, const json& patch) {
  auto policy = patch_policy(current, patch);
  REQUIRE_FALSE(policy.ok());
  return policy.error().message;
}

PolicyConfig patched(const PolicyConfig& current, const json& patch) {
  auto policy = patch_policy(current, patch);
  INFO((policy ? std::string() : policy.error().message));
  REQUIRE(policy.ok());
  return std::move(*policy);
}

const CredentialRule& credential_of(const PolicyConfig& policy, std::string_view host) {
  for (const HostRule& rule : policy.rules) {
    if (rule.host == host) return rule.credentials.at(0);
  }
  FAIL("no rule for " << host);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("policy_to_json shows the policy with secrets redacted", "[proxy][config][json]") {
  TempDir dir;
  const PolicyConfig policy = loaded_policy(dir);
  const json expected = {
      {"allow", {{"hosts", {"api.anthropic.com", "*.github.com"}}, {"cidrs", {"10.0.0.0/8"}}}},
      {"deny", {{"cidrs", {"10.1.0.0/16"}}}},
      {"rules",
       {{{"host", "api.anthropic.com"},
         {"set_headers", {{"anthropic-version", "2023-06-01"}}},
         {"remove_headers", {"x-forwarded-for"}},
         {"credentials",
          {{{"header", "x-api-key"}, {"placeholder", "OCTOBOT_PLACEHOLDER_ANTHROPIC"}, {"value", "<redacted>"}}}}},
        {{"host", "api.github.com"},
         {"set_headers", json::object()},
         {"remove_headers", json::array()},
         {"credentials",
          {{{"header", "authorization"}, {"placeholder", "OCTOBOT_PLACEHOLDER_GITHUB"}, {"value", "<redacted>"}}}}}}}};
  CHECK(policy_to_json(policy) == expected);
}

TEST_CASE("config_to_json adds the settings but not the API token", "[proxy][config][json]") {
  auto config = parse_proxy_config(R"(listen: 127.0.0.1:17080
api: { listen: unix:/run/p.sock, token_file: /secret/token-file }
ca: { cert: /ca.crt, key: /ca.key }
upstream_ca_files: [/extra.pem]
cache: { dir: /cache, max_size: 1GiB }
log: { file: /access.log }
limits: { max_connections: 10, header_limit: 8KiB, header_timeout: 1500ms, idle_timeout: 2h, connect_timeout: 90s }
)",
                                   "t.yaml");
  REQUIRE(config.ok());
  const json view = config_to_json(*config);
  CHECK(view["listen"] == "127.0.0.1:17080");
  CHECK(view["api"] == json{{"listen", "unix:/run/p.sock"}});
  CHECK(view["ca"] == json{{"cert", "/ca.crt"}, {"key", "/ca.key"}});
  CHECK(view["upstream_ca_files"] == json{"/extra.pem"});
  CHECK(view["cache"] == json{{"dir", "/cache"}, {"max_size", 1ull << 30}});
  CHECK(view["log"] == json{{"file", "/access.log"}});
  CHECK(view["limits"] == json{{"max_connections", 10},
                               {"header_limit", 8192},
                               {"header_timeout", "1500ms"},
                               {"idle_timeout", "2h"},
                               {"connect_timeout", "90s"}});
  CHECK(view.contains("allow"));
  CHECK(view.contains("rules"));
  CHECK_THAT(view.dump(), !Contains("token"));
}

TEST_CASE("PUT replaces the policy and validates like the YAML file", "[proxy][config][json]") {
  auto policy = replace_policy(json::parse(R"({
    "allow": {"hosts": ["Example.COM", "*.example.org"]},
    "rules": [{"host": "example.com", "set_headers": {"X-A": "b"},
               "credentials": [{"header": "X-Key", "placeholder": "PLACEHOLDER_A", "value": "put-secret"},
                               {"header": "x-other", "placeholder": "PLACEHOLDER_B", "value": "inline"}]}]})"),
                               PolicyConfig{});
  INFO((policy ? std::string() : policy.error().message));
  REQUIRE(policy.ok());
  CHECK(policy->allow_hosts == std::vector<std::string>{"example.com", "*.example.org"});
  CHECK(policy->allow_cidrs.empty());
  CHECK(policy->deny_cidrs.empty());
  REQUIRE(policy->rules.size() == 1);
  CHECK(policy->rules[0].set_headers[0].first == "x-a");
  CHECK(policy->rules[0].credentials[0].header == "x-key");
  CHECK(policy->rules[0].credentials[0].value_file.empty());
  CHECK(policy->rules[0].credentials[0].value == "put-secret");
  CHECK(policy->rules[0].credentials[1].value == "inline");

  auto empty = replace_policy(json::object(), PolicyConfig{});
  REQUIRE(empty.ok());
  CHECK(empty->allow_hosts.empty());
  CHECK(empty->rules.empty());
}

TEST_CASE("PUT errors name the JSON path without a line", "[proxy][config][json]") {
  CHECK(put_error(json::array()) == "expected a JSON object with allow, deny and rules");
  CHECK(put_error({{"listen", "127.0.0.1:1"}}) ==
        "listen: unknown key \"listen\" (expected one of: allow, deny, rules)");
  CHECK(put_error({{"allow", {{"cidrs", {"10.0.0.1/8"}}}}}) ==
        "allow.cidrs[0]: host bits set beyond the prefix in 10.0.0.1/8");
  CHECK(put_error({{"allow", {{"hosts", {1}}}}}) == "allow.hosts[0]: expected a string, got a number");
  CHECK(put_error({{"rules", {{{"host", true}}}}}) == "rules[0].host: expected a string, got a boolean");
  CHECK(put_error(json::parse(R"({"rules": [{"host": "a.com", "credentials": [
          {"header": "x-key", "placeholder": "short", "value": "s"}]}]})")) ==
        "rules[0].credentials[0].placeholder: a placeholder is 8-128 characters of A-Z, a-z, 0-9, '_' and '-', "
        "got \"short\"");
  CHECK(put_error(json::parse(R"({"rules": [{"host": "a.com", "credentials": [
          {"header": "x-key", "placeholder": "PLACEHOLDER", "value": "<redacted>"}]}]})"))
            .starts_with("rules[0].credentials[0].value: \"<redacted>\" keeps a current secret"));
  CHECK(put_error(json::parse(R"({"rules": [{"host": "a.com"}, {"host": "A.com"}]})")) ==
        "rules[1].host: a.com already has a rule (rules[0])");
  CHECK(put_error(json::parse(R"({"rules": [{"host": "a.com", "credentials": [
          {"header": "x-key", "placeholder": "PLACEHOLDER"}]}]})")) ==
        "rules[0].credentials[0].value: required: the secret itself (the control API reads no files)");
}

// The control API takes secrets, never paths: a value_file there would let a
// token holder make the proxy read any file it can, and an error about the
// file would tell what it holds.
TEST_CASE("PUT and PATCH refuse value_file whatever it names", "[proxy][config][json][secrets]") {
  TempDir dir;
  const PolicyConfig current = loaded_policy(dir);
  const std::string two_lines = dir.write("two-lines", "root:x:0:0\nline-two\n");
  const std::string good = dir.write("good.key", "a-valid-secret\n");
  const std::string refused =
      "rules[0].credentials[0].value_file: the control API takes the secret itself as \"value\", not a file; "
      "a value_file can only be named in the configuration file";
  for (const std::string& file : {two_lines, good, dir.path() + "/missing", dir.path(), std::string("/etc/shadow"),
                                  std::string("relative.key"), dir.path() + "/anthropic.key"}) {
    INFO(file);
    for (const json& credential :
         {json{{"header", "x-api-key"}, {"placeholder", "OCTOBOT_PLACEHOLDER_ANTHROPIC"}, {"value_file", file}},
          json{{"header", "x-api-key"}, {"placeholder", "OCTOBOT_PLACEHOLDER_ANTHROPIC"}, {"value_file", file},
               {"value", "<redacted>"}},
          json{{"header", "x-api-key"}, {"placeholder", "OCTOBOT_PLACEHOLDER_ANTHROPIC"}, {"value_file", file},
               {"value", "inline"}}}) {
      const json rules = {{"rules", {{{"host", "api.anthropic.com"}, {"credentials", {credential}}}}}};
      const std::string put = put_error(rules, current);
      const std::string patch = patch_error(current, rules);
      for (const std::string& message : {put, patch}) {
        CHECK(message == refused);
        CHECK_THAT(message, !Contains("root:x") && !Contains("line-two") && !Contains("a-valid-secret"));
      }
    }
  }
  // Not even through the merge: a patch that only adds a value_file to a kept credential.
  CHECK(patch_error(current, json::parse(R"({"rules": [{"host": "api.anthropic.com", "credentials": [
          {"header": "x-api-key", "placeholder": "OCTOBOT_PLACEHOLDER_ANTHROPIC",
           "value_file": "anthropic.key"}]}]})")) == refused);
}

TEST_CASE("what GET shows can be PUT back and keeps every secret", "[proxy][config][json][secrets]") {
  TempDir dir;
  const PolicyConfig current = loaded_policy(dir);
  std::filesystem::remove(dir.path() + "/anthropic.key");  // a kept secret is not read again
  auto policy = replace_policy(policy_to_json(current), current);
  INFO((policy ? std::string() : policy.error().message));
  REQUIRE(policy.ok());
  CHECK(credential_of(*policy, "api.anthropic.com").value == "file-secret-AAAA");
  CHECK(credential_of(*policy, "api.github.com").value == "inline-secret-BBBB");
  CHECK(policy_to_json(*policy) == policy_to_json(current));
  // Kept only for the same host, header and placeholder.
  CHECK(put_error(json::parse(R"({"rules": [{"host": "evil.example.com", "credentials": [
          {"header": "x-api-key", "placeholder": "OCTOBOT_PLACEHOLDER_ANTHROPIC", "value": "<redacted>"}]}]})"),
                  current)
            .starts_with("rules[0].credentials[0].value: \"<redacted>\" keeps a current secret, but there is no"));
}

TEST_CASE("PUT refuses deeply nested bodies", "[proxy][config][json]") {
  json deep = "x";
  for (int i = 0; i < 100; ++i) deep = json::array({deep});
  CHECK_THAT(put_error({{"rules", deep}}), Contains("nested more than 32 levels deep"));
}

TEST_CASE("PATCH merges and keeps secrets it is not given", "[proxy][config][json]") {
  TempDir dir;
  const PolicyConfig current = loaded_policy(dir);
  // The file is gone: a kept secret must not be read again.
  std::filesystem::remove(dir.path() + "/anthropic.key");

  SECTION("changing allow only keeps every rule and secret") {
    const PolicyConfig policy = patched(current, {{"allow", {{"hosts", {"only.example.com"}}}}});
    CHECK(policy.allow_hosts == std::vector<std::string>{"only.example.com"});  // arrays replace whole
    REQUIRE(policy.allow_cidrs.size() == 1);                                     // untouched member kept
    CHECK(policy.allow_cidrs[0].to_string() == "10.0.0.0/8");
    CHECK(policy.deny_cidrs.size() == 1);
    REQUIRE(policy.rules.size() == 2);
    CHECK(credential_of(policy, "api.anthropic.com").value == "file-secret-AAAA");
    CHECK(credential_of(policy, "api.anthropic.com").value_file == dir.path() + "/anthropic.key");
    CHECK(credential_of(policy, "api.github.com").value == "inline-secret-BBBB");
    CHECK(credential_of(policy, "api.github.com").value_file.empty());
  }
  SECTION("null removes a member") {
    const PolicyConfig policy = patched(current, {{"deny", nullptr}});
    CHECK(policy.deny_cidrs.empty());
    CHECK(policy.rules.size() == 2);
  }
  SECTION("rules given without secrets keep them; <redacted> keeps them too") {
    const PolicyConfig policy = patched(current, json::parse(R"({"rules": [
        {"host": "api.anthropic.com",
         "credentials": [{"header": "X-Api-Key", "placeholder": "OCTOBOT_PLACEHOLDER_ANTHROPIC"}]},
        {"host": "api.github.com", "set_headers": {"x-new": "1"},
         "credentials": [{"header": "authorization", "placeholder": "OCTOBOT_PLACEHOLDER_GITHUB",
                          "value": "<redacted>"}]}]})"));
    CHECK(credential_of(policy, "api.anthropic.com").value == "file-secret-AAAA");
    CHECK(credential_of(policy, "api.github.com").value == "inline-secret-BBBB");
    CHECK(policy.rules[0].set_headers.empty());  // the rules array replaced the old one whole
    CHECK(policy.rules[1].set_headers.size() == 1);
  }
  SECTION("a new value replaces the secret") {
    const PolicyConfig policy = patched(current, json::parse(R"({"rules": [
        {"host": "api.anthropic.com",
         "credentials": [{"header": "x-api-key", "placeholder": "OCTOBOT_PLACEHOLDER_ANTHROPIC", "value": "fresh"}]},
        {"host": "api.github.com",
         "credentials": [{"header": "authorization", "placeholder": "OCTOBOT_PLACEHOLDER_GITHUB",
                          "value": "<redacted>"}]}]})"));
    CHECK(credential_of(policy, "api.anthropic.com").value == "fresh");
    CHECK(credential_of(policy, "api.anthropic.com").value_file.empty());
    CHECK(credential_of(policy, "api.github.com").value == "inline-secret-BBBB");
  }
  SECTION("a secret is kept only for the same host, header and placeholder") {
    for (const char* changed : {R"({"host": "other.example.com", "credentials": [
                                     {"header": "x-api-key", "placeholder": "OCTOBOT_PLACEHOLDER_ANTHROPIC"}]})",
                                R"({"host": "api.anthropic.com", "credentials": [
                                     {"header": "x-other", "placeholder": "OCTOBOT_PLACEHOLDER_ANTHROPIC"}]})",
                                R"({"host": "api.anthropic.com", "credentials": [
                                     {"header": "x-api-key", "placeholder": "OCTOBOT_PLACEHOLDER_OTHER"}]})"}) {
      INFO(changed);
      auto policy = patch_policy(current, {{"rules", json::array({json::parse(changed)})}});
      REQUIRE_FALSE(policy.ok());
      CHECK(policy.error().message ==
            "rules[0].credentials[0].value: required: the secret itself (the control API reads no files)");
    }
  }
  SECTION("the merged result is validated; unknown keys are refused") {
    auto bad_cidr = patch_policy(current, {{"deny", {{"cidrs", {"nonsense"}}}}});
    REQUIRE_FALSE(bad_cidr.ok());
    CHECK_THAT(bad_cidr.error().message, StartsWith("deny.cidrs[0]: not an IP address or CIDR range"));
    auto unknown = patch_policy(current, {{"allow", {{"host", {"a.com"}}}}});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message == "allow.host: unknown key \"host\" (expected one of: hosts, cidrs)");
    auto not_object = patch_policy(current, json::array());
    REQUIRE_FALSE(not_object.ok());
    CHECK(not_object.error().message == "expected a JSON object with allow, deny and rules");
  }
  SECTION("a deeply nested patch is refused before merging") {
    json deep = json::object();
    json* innermost = &deep;
    for (int i = 0; i < 10000; ++i) innermost = &(*innermost)["a"];
    auto policy = patch_policy(current, deep);
    REQUIRE_FALSE(policy.ok());
    CHECK_THAT(policy.error().message, Contains("nested more than"));
  }
  SECTION("an empty patch changes nothing") {
    const PolicyConfig policy = patched(current, json::object());
    CHECK(policy_to_json(policy) == policy_to_json(current));
    CHECK(credential_of(policy, "api.anthropic.com").value == "file-secret-AAAA");
  }
}
