#include "proxy/rules/host_pattern.hpp"

#include <catch2/catch.hpp>

using namespace octobot::proxy;

TEST_CASE("host names are canonicalised or refused", "[proxy][hosts]") {
  CHECK(canonical_host("API.Anthropic.COM.") == "api.anthropic.com");
  CHECK(canonical_host("xn--bcher-kva.example") == "xn--bcher-kva.example");
  CHECK_FALSE(canonical_host(""));
  CHECK_FALSE(canonical_host("."));
  CHECK_FALSE(canonical_host("a..b"));
  CHECK_FALSE(canonical_host("-a.com"));
  CHECK_FALSE(canonical_host("a-.com"));
  CHECK_FALSE(canonical_host("bücher.example"));  // must arrive as punycode
  CHECK_FALSE(canonical_host("a.com:443"));
  CHECK_FALSE(canonical_host("a_b.com"));
  CHECK_FALSE(canonical_host(std::string(64, 'a') + ".com"));
  CHECK_FALSE(canonical_host(std::string("a.com\0.evil", 11)));
}

TEST_CASE("exact names and subdomain globs", "[proxy][hosts]") {
  HostAllowlist allowlist;
  REQUIRE(allowlist.add("api.anthropic.com"));
  REQUIRE(allowlist.add("*.github.com"));
  CHECK_FALSE(allowlist.add("*."));
  CHECK_FALSE(allowlist.add("**.x.com"));
  CHECK_FALSE(allowlist.add("a.*.com"));

  CHECK(allowlist.allows("api.anthropic.com"));
  CHECK(allowlist.allows("API.ANTHROPIC.COM."));
  CHECK_FALSE(allowlist.allows("anthropic.com"));
  CHECK_FALSE(allowlist.allows("x.api.anthropic.com"));  // exact means exact

  CHECK(allowlist.allows("api.github.com"));
  CHECK(allowlist.allows("a.b.github.com"));
  CHECK_FALSE(allowlist.allows("github.com"));  // not the apex
  CHECK_FALSE(allowlist.allows("evilgithub.com"));
  CHECK_FALSE(allowlist.allows("github.com.evil.com"));
  CHECK(allowlist.matching_pattern("codeload.github.com") == "*.github.com");
  CHECK(allowlist.matching_pattern("example.com").empty());
}
