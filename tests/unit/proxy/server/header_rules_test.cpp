#include "proxy/server/header_rules.hpp"

#include <catch2/catch.hpp>

using namespace octobot::proxy;
namespace http = boost::beast::http;

namespace {

HostRule anthropic_rule() {
  HostRule rule;
  rule.host = "api.anthropic.com";
  rule.set_headers = {{"anthropic-version", "2023-06-01"}};
  rule.remove_headers = {"x-forwarded-for"};
  rule.credentials = {{"x-api-key", "OCTOBOT_PLACEHOLDER_ANTHROPIC", "", "sk-real-secret"},
                      {"authorization", "OCTOBOT_PLACEHOLDER_GITHUB", "", "ghp_real"}};
  return rule;
}

}  // namespace

TEST_CASE("apply_rule replaces a placeholder header value and a bearer placeholder") {
  http::fields fields;
  fields.set("x-api-key", "OCTOBOT_PLACEHOLDER_ANTHROPIC");
  fields.set("Authorization", "bearer OCTOBOT_PLACEHOLDER_GITHUB");
  fields.set("X-Forwarded-For", "10.0.0.1");
  auto injected = apply_rule(fields, anthropic_rule(), true);
  CHECK(fields["x-api-key"] == "sk-real-secret");
  CHECK(fields["authorization"] == "bearer ghp_real");
  CHECK(fields["anthropic-version"] == "2023-06-01");
  CHECK(fields.count("x-forwarded-for") == 0);
  CHECK(injected == std::vector<std::string>{"x-api-key", "authorization"});
}

TEST_CASE("apply_rule leaves values that only resemble the placeholder") {
  http::fields fields;
  fields.set("x-api-key", "OCTOBOT_PLACEHOLDER_ANTHROPIC_EXTRA");
  fields.set("authorization", "Basic OCTOBOT_PLACEHOLDER_GITHUB");
  auto injected = apply_rule(fields, anthropic_rule(), true);
  CHECK(injected.empty());
  CHECK(fields["x-api-key"] == "OCTOBOT_PLACEHOLDER_ANTHROPIC_EXTRA");
  CHECK(fields["authorization"] == "Basic OCTOBOT_PLACEHOLDER_GITHUB");
}

TEST_CASE("apply_rule never injects when injection is off (cleartext)") {
  http::fields fields;
  fields.set("x-api-key", "OCTOBOT_PLACEHOLDER_ANTHROPIC");
  auto injected = apply_rule(fields, anthropic_rule(), false);
  CHECK(injected.empty());
  CHECK(fields["x-api-key"] == "OCTOBOT_PLACEHOLDER_ANTHROPIC");
  CHECK(fields["anthropic-version"] == "2023-06-01");
}

TEST_CASE("strip_hop_by_hop removes connection-scoped headers and the ones Connection names") {
  http::fields fields;
  fields.set("Connection", "keep-alive, X-Private");
  fields.set("X-Private", "1");
  fields.set("Keep-Alive", "timeout=5");
  fields.set("Proxy-Authorization", "Basic abc");
  fields.set("Proxy-Connection", "keep-alive");
  fields.set("TE", "trailers");
  fields.set("Upgrade", "h2c");
  fields.set("Accept", "*/*");
  strip_hop_by_hop(fields, false);
  for (auto name : {"connection", "x-private", "keep-alive", "proxy-authorization", "proxy-connection", "te", "upgrade"}) {
    INFO(name);
    CHECK(fields.count(name) == 0);
  }
  CHECK(fields["accept"] == "*/*");
}

TEST_CASE("a WebSocket upgrade keeps Upgrade and Connection: upgrade") {
  http::fields fields;
  fields.set("Connection", "keep-alive, Upgrade");
  fields.set("Upgrade", "websocket");
  REQUIRE(is_websocket_upgrade(fields));
  strip_hop_by_hop(fields, true);
  CHECK(fields["upgrade"] == "websocket");
  CHECK(fields["connection"] == "upgrade");
}

// A Connection option naming a framing field must not strip it: the body that
// follows would go on without its length or chunking, and the next hop would
// read it as another message (request smuggling); without Host, a shared
// front end would pick a default backend.
TEST_CASE("strip_hop_by_hop keeps Host, Content-Length and Transfer-Encoding whatever Connection names") {
  const bool keep_upgrade = GENERATE(false, true);
  http::fields fields;
  fields.set("Connection", "Host, content-length, TRANSFER-ENCODING, x-private");
  fields.set("Host", "api.anthropic.com");
  fields.set("Content-Length", "12");
  fields.set("Transfer-Encoding", "chunked");
  fields.set("X-Private", "1");
  strip_hop_by_hop(fields, keep_upgrade);
  CHECK(fields["host"] == "api.anthropic.com");
  CHECK(fields["content-length"] == "12");
  CHECK(fields["transfer-encoding"] == "chunked");
  CHECK(fields.count("x-private") == 0);
}
