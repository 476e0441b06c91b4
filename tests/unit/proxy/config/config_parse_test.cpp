// parse_proxy_config(): valid files and what they turn into.
#include "proxy/config/proxy_config.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace octobot::proxy;
using namespace std::chrono_literals;

namespace {

// The example from issue 3, comments included.
constexpr std::string_view kIssueExample = R"(listen: 127.0.0.1:17080            # HTTP forward proxy, CONNECT, SOCKS5
api: { listen: 127.0.0.1:17081, token_file: /path/token }   # or listen: unix:/path.sock
ca: { cert: /path/ca.crt, key: /path/ca.key }    # generated when missing
upstream_ca_files: [/path/extra.pem]
allow:
  hosts: [api.anthropic.com, "*.github.com"]   # exact names and leading-"*." globs
  cidrs: [127.0.0.0/8]
deny: { cidrs: [] }
rules:
  - host: api.anthropic.com
    set_headers: { anthropic-version: "2023-06-01" }
    remove_headers: [x-forwarded-for]
    credentials:
      - { header: x-api-key, placeholder: OCTOBOT_PLACEHOLDER_ANTHROPIC, value_file: /path/secret }
cache: { dir: /path/cache, max_size: 20GiB }
log: { file: /path/access.log }          # "-" for stdout
limits: { max_connections: 1024, header_limit: 64KiB, header_timeout: 30s, idle_timeout: 5m, connect_timeout: 10s }
)";

ProxyConfig parse_ok(std::string_view yaml) {
  auto config = parse_proxy_config(yaml, "t.yaml");
  INFO((config ? std::string() : config.error().message));
  REQUIRE(config.ok());
  return std::move(*config);
}

}  // namespace

TEST_CASE("the issue's example parses into every field", "[proxy][config]") {
  const ProxyConfig config = parse_ok(kIssueExample);
  CHECK(config.source == "t.yaml");
  CHECK(config.listen == "127.0.0.1:17080");
  CHECK(config.api_listen == "127.0.0.1:17081");
  CHECK(config.api_token_file == "/path/token");
  CHECK(config.ca_cert == "/path/ca.crt");
  CHECK(config.ca_key == "/path/ca.key");
  CHECK(config.upstream_ca_files == std::vector<std::string>{"/path/extra.pem"});
  CHECK(config.policy.allow_hosts == std::vector<std::string>{"api.anthropic.com", "*.github.com"});
  REQUIRE(config.policy.allow_cidrs.size() == 1);
  CHECK(config.policy.allow_cidrs[0].to_string() == "127.0.0.0/8");
  CHECK(config.policy.deny_cidrs.empty());
  REQUIRE(config.policy.rules.size() == 1);
  const HostRule& rule = config.policy.rules[0];
  CHECK(rule.host == "api.anthropic.com");
  CHECK(rule.set_headers == std::vector<std::pair<std::string, std::string>>{{"anthropic-version", "2023-06-01"}});
  CHECK(rule.remove_headers == std::vector<std::string>{"x-forwarded-for"});
  REQUIRE(rule.credentials.size() == 1);
  CHECK(rule.credentials[0].header == "x-api-key");
  CHECK(rule.credentials[0].placeholder == "OCTOBOT_PLACEHOLDER_ANTHROPIC");
  CHECK(rule.credentials[0].value_file == "/path/secret");
  CHECK(rule.credentials[0].value.empty());  // parse_proxy_config does not read files
  CHECK(config.cache_dir == "/path/cache");
  CHECK(config.cache_max_size == 20ull << 30);
  CHECK(config.log_file == "/path/access.log");
  CHECK(config.limits.max_connections == 1024);
  CHECK(config.limits.header_limit == 64 * 1024);
  CHECK(config.limits.header_timeout == 30s);
  CHECK(config.limits.idle_timeout == 5min);
  CHECK(config.limits.connect_timeout == 10s);
}

TEST_CASE("the shipped example config parses", "[proxy][config]") {
  std::ifstream file(OCTOBOT_SOURCE_DIR "/proxy/examples/proxy.yaml");
  REQUIRE(file);
  std::stringstream text;
  text << file.rdbuf();
  const ProxyConfig config = parse_ok(text.str());
  CHECK(config.api_listen == "127.0.0.1:17081");
  CHECK(config.policy.rules.size() == 1);
  REQUIRE(config.policy.deny_cidrs.size() == 1);
  CHECK(config.policy.deny_cidrs[0].to_string() == "169.254.169.254/32");
  CHECK(config.log_file == "-");
}

TEST_CASE("a minimal file keeps every default", "[proxy][config]") {
  const ProxyConfig config = parse_ok("allow: { hosts: [example.com] }\n");
  const ProxyConfig defaults;
  CHECK(config.listen == defaults.listen);
  CHECK(config.api_listen.empty());
  CHECK(config.ca_cert.empty());
  CHECK(config.cache_dir.empty());
  CHECK(config.cache_max_size == defaults.cache_max_size);
  CHECK(config.log_file == "-");
  CHECK(config.limits.max_connections == defaults.limits.max_connections);
  CHECK(config.limits.idle_timeout == defaults.limits.idle_timeout);
  CHECK(config.policy.rules.empty());
}

TEST_CASE("empty sections read as empty", "[proxy][config]") {
  const ProxyConfig config = parse_ok("allow:\ndeny: {}\nrules: []\nlimits:\n");
  CHECK(config.policy.allow_hosts.empty());
  CHECK(config.policy.deny_cidrs.empty());
}

TEST_CASE("host names, addresses and header names are stored canonically", "[proxy][config]") {
  const ProxyConfig config = parse_ok(R"(allow:
  hosts: [API.Example.COM., "*.GitHub.com", "[::1]", 10.0.0.1, api.example.com]
rules:
  - host: Rules.Example.com
    set_headers: { X-Custom: "Value Kept" }
    remove_headers: [X-Forwarded-For]
    credentials:
      - { header: Authorization, placeholder: PLACEHOLDER_1, value: secret-1 }
  - host: "[2001:DB8::1]"
)");
  // The duplicate api.example.com (after canonicalisation) is listed once.
  CHECK(config.policy.allow_hosts == std::vector<std::string>{"api.example.com", "*.github.com", "::1", "10.0.0.1"});
  REQUIRE(config.policy.rules.size() == 2);
  CHECK(config.policy.rules[0].host == "rules.example.com");
  CHECK(config.policy.rules[0].set_headers[0].first == "x-custom");
  CHECK(config.policy.rules[0].set_headers[0].second == "Value Kept");
  CHECK(config.policy.rules[0].remove_headers[0] == "x-forwarded-for");
  CHECK(config.policy.rules[0].credentials[0].header == "authorization");
  CHECK(config.policy.rules[0].credentials[0].value == "secret-1");
  CHECK(config.policy.rules[0].credentials[0].value_file.empty());
  CHECK(config.policy.rules[1].host == "2001:db8::1");
}

TEST_CASE("one placeholder may serve several rules with the same secret", "[proxy][config]") {
  const ProxyConfig config = parse_ok(R"(rules:
  - host: a.example.com
    credentials: [{ header: x-key, placeholder: SHARED_KEY, value: same }]
  - host: b.example.com
    credentials: [{ header: x-key, placeholder: SHARED_KEY, value: same }]
)");
  CHECK(config.policy.rules.size() == 2);
}

TEST_CASE("the control API may listen on a unix socket", "[proxy][config]") {
  const ProxyConfig config = parse_ok("api: { listen: unix:/run/octobot/proxy.sock, token_file: token }\n");
  CHECK(config.api_listen == "unix:/run/octobot/proxy.sock");
  CHECK(config.api_token_file == "token");  // kept as written by parse_proxy_config
}

TEST_CASE("the control API's token may be given as its SHA-256, stored lowercase", "[proxy][config]") {
  const std::string hash = "0123456789ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef";
  const ProxyConfig config = parse_ok("api:\n  listen: 0.0.0.0:17081\n  token_sha256: " + hash + "\n");
  CHECK(config.api_listen == "0.0.0.0:17081");
  CHECK(config.api_token_file.empty());
  CHECK(config.api_token_sha256 == "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
}

TEST_CASE("sizes and counts may be plain YAML integers", "[proxy][config]") {
  const ProxyConfig config =
      parse_ok("cache: { max_size: 1048576 }\nlimits: { max_connections: 7, header_limit: 8192, idle_timeout: 90 }\n");
  CHECK(config.cache_max_size == 1048576);
  CHECK(config.limits.max_connections == 7);
  CHECK(config.limits.header_limit == 8192);
  CHECK(config.limits.idle_timeout == 90s);
}

TEST_CASE("YAML anchors and aliases are followed", "[proxy][config]") {
  const ProxyConfig config = parse_ok(R"(allow:
  hosts: &hosts [a.example.com, b.example.com]
rules:
  - host: a.example.com
    remove_headers: *hosts
)");
  CHECK(config.policy.rules[0].remove_headers == std::vector<std::string>{"a.example.com", "b.example.com"});
}

TEST_CASE("threads and log.level are left to the command line's file layer", "[proxy][config]") {
  // proxy_main.cpp reads them through lib/config (flags > environment > file > defaults).
  const ProxyConfig config = parse_ok("threads: 4\nlog: { file: '-', level: debug }\n");
  CHECK(config.log_file == "-");
  CHECK_FALSE(parse_proxy_config("log: { levels: debug }\n", "t.yaml").ok());
}
