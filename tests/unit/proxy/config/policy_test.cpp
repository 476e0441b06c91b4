// Policy: allowlist, rule lookup and address decisions compiled from a PolicyConfig.
#include "proxy/config/policy.hpp"

#include <catch2/catch.hpp>

using namespace octobot::proxy;
using Catch::Matchers::Contains;

namespace {

Policy compile(std::string_view yaml) {
  auto config = parse_proxy_config(yaml, "t.yaml");
  INFO((config ? std::string() : config.error().message));
  REQUIRE(config.ok());
  return Policy(std::move(config->policy));
}

boost::asio::ip::address ip(const char* text) { return boost::asio::ip::make_address(text); }

constexpr std::string_view kPolicy = R"(allow:
  hosts: [api.anthropic.com, "*.github.com", 192.0.2.10, "[2001:db8::5]"]
  cidrs: [127.0.0.0/8, "fd00::/8"]
deny:
  cidrs: [127.0.0.99/32, 8.8.8.0/24]
rules:
  - host: api.anthropic.com
    set_headers: { anthropic-version: "2023-06-01" }
  - host: uploads.example.com
    remove_headers: [x-forwarded-for]
)";

}  // namespace

TEST_CASE("exact host entries allow only that host", "[proxy][policy]") {
  const Policy policy = compile(kPolicy);
  CHECK(policy.host_allowed("api.anthropic.com"));
  CHECK(policy.host_allowed("API.Anthropic.com."));
  CHECK(policy.matching_pattern("api.anthropic.com") == "api.anthropic.com");
  CHECK_FALSE(policy.host_allowed("anthropic.com"));
  CHECK_FALSE(policy.host_allowed("x.api.anthropic.com"));
  CHECK_FALSE(policy.host_allowed("api.anthropic.com.evil.net"));
  CHECK(policy.matching_pattern("anthropic.com").empty());
}

TEST_CASE("globs allow subdomains but not the apex", "[proxy][policy]") {
  const Policy policy = compile(kPolicy);
  CHECK(policy.host_allowed("api.github.com"));
  CHECK(policy.host_allowed("a.b.github.com"));
  CHECK(policy.matching_pattern("a.b.github.com") == "*.github.com");
  CHECK_FALSE(policy.host_allowed("github.com"));
  CHECK_FALSE(policy.host_allowed("evilgithub.com"));
  CHECK_FALSE(policy.host_allowed("github.com.evil.net"));
  CHECK_FALSE(policy.host_allowed("not a host"));
}

TEST_CASE("a rule's host is allowed without an allow entry", "[proxy][policy]") {
  const Policy policy = compile(kPolicy);
  CHECK(policy.host_allowed("uploads.example.com"));
  CHECK(policy.matching_pattern("uploads.example.com") == "uploads.example.com");
  CHECK_FALSE(policy.host_allowed("example.com"));
  CHECK_FALSE(policy.host_allowed("x.uploads.example.com"));
}

TEST_CASE("rules are found by exact canonical host", "[proxy][policy]") {
  const Policy policy = compile(kPolicy);
  const HostRule* rule = policy.rule_for("api.anthropic.com");
  REQUIRE(rule != nullptr);
  CHECK(rule->set_headers.at(0).second == "2023-06-01");
  REQUIRE(policy.rule_for("uploads.example.com") != nullptr);
  CHECK(policy.rule_for("uploads.example.com")->remove_headers.at(0) == "x-forwarded-for");
  CHECK(policy.rule_for("x.api.anthropic.com") == nullptr);
  CHECK(policy.rule_for("api.github.com") == nullptr);  // allowed by a glob, but no rule
}

TEST_CASE("IP literals are allowed only when listed exactly", "[proxy][policy]") {
  const Policy policy = compile(kPolicy);
  CHECK(policy.host_allowed("192.0.2.10"));
  CHECK(policy.matching_pattern("192.0.2.10") == "192.0.2.10");
  CHECK_FALSE(policy.host_allowed("192.0.2.11"));
  CHECK(policy.host_allowed("2001:db8::5"));
  CHECK(policy.host_allowed("[2001:DB8:0::5]"));
  CHECK_FALSE(policy.host_allowed("2001:db8::6"));
}

TEST_CASE("addresses: public allowed, special ranges need allow.cidrs, deny wins", "[proxy][policy]") {
  const Policy policy = compile(kPolicy);
  CHECK(policy.address_allowed(ip("93.184.216.34"), nullptr));
  CHECK(policy.address_allowed(ip("127.0.0.1"), nullptr));  // covered by allow.cidrs
  CHECK(policy.address_allowed(ip("fd12::1"), nullptr));
  std::string reason;
  CHECK_FALSE(policy.address_allowed(ip("10.0.0.1"), &reason));  // private, not allowed
  CHECK_THAT(reason, Contains("10.0.0.1"));
  CHECK_FALSE(policy.address_allowed(ip("127.0.0.99"), &reason));  // deny beats allow
  CHECK_THAT(reason, Contains("127.0.0.99/32"));
  CHECK_FALSE(policy.address_allowed(ip("8.8.8.8"), &reason));  // deny beats public
  CHECK_THAT(reason, Contains("8.8.8.0/24"));
  CHECK_FALSE(policy.address_allowed(ip("::ffff:127.0.0.1"), nullptr));  // embedded IPv4 is its own class
  CHECK_FALSE(policy.address_allowed(ip("169.254.169.254"), nullptr));
}

TEST_CASE("an empty policy allows nothing", "[proxy][policy]") {
  const Policy policy{PolicyConfig{}};
  CHECK_FALSE(policy.host_allowed("example.com"));
  CHECK(policy.rule_for("example.com") == nullptr);
  CHECK_FALSE(policy.address_allowed(ip("127.0.0.1"), nullptr));
  CHECK(policy.address_allowed(ip("93.184.216.34"), nullptr));
}

TEST_CASE("a shared PolicyPtr keeps its policy alive", "[proxy][policy]") {
  auto config = parse_proxy_config(kPolicy, "t.yaml");
  REQUIRE(config.ok());
  PolicyPtr first = std::make_shared<const Policy>(config->policy);
  PolicyPtr in_flight = first;
  first = std::make_shared<const Policy>(PolicyConfig{});
  CHECK(in_flight->rule_for("api.anthropic.com") != nullptr);
  CHECK(first->rule_for("api.anthropic.com") == nullptr);
}
