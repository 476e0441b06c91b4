// Single-user mode on a non-loopback listen address: the access token is
// required. The server listens on 0.0.0.0 but the test talks to 127.0.0.1 only.
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

using namespace octobot::testing;

TEST_CASE("access token: required when listening beyond loopback", "[auth]") {
  ServerFixture server("0.0.0.0:0");
  const std::string token = server.app().access_token();
  REQUIRE(token.size() >= 43);  // 256 random bits, base64url
  CHECK(server.app().url().find("?token=" + token) != std::string::npos);

  SECTION("without the token") {
    const std::vector<std::pair<std::string, std::string>> routes = {
        {"/api/projects", "/api/projects"},
        {"/api/projects/local", "/api/projects/{projectId}"},
        {"/api/projects/local/workspaces", "/api/projects/{projectId}/workspaces"},
        {"/api/projects/local/events", "/api/projects/{projectId}/events"}};
    for (const auto& [target, pattern] : routes) {
      INFO(target);
      auto response = server.call(Method::get, target);
      expect_documented(response, "get", pattern);
      expect_error(response, 401, "unauthorized");
    }
    for (const std::string target : {"/metrics", "/api/openapi.json"}) {
      INFO(target);
      expect_error(server.call(Method::get, target), 401, "unauthorized");
    }
    expect_error(server.call(Method::post, "/api/projects", {{"name", "sneaky"}}), 401, "unauthorized");
    expect_error(server.call(Method::get, "/api/projects", nullptr, {{"Authorization", "Bearer wrong-token"}}), 401,
                 "unauthorized");
    expect_error(server.call(Method::get, "/api/projects?token=wrong"), 401, "unauthorized");
    expect_error(server.call(Method::get, "/api/projects", nullptr, {{"Authorization", "Basic " + token}}), 401,
                 "unauthorized");
  }
  SECTION("with the token as a bearer header") {
    auto response = server.call(Method::get, "/api/projects", nullptr, {{"Authorization", "Bearer " + token}});
    CHECK(response.status == 200);
    auto created =
        server.call(Method::post, "/api/projects", {{"name", "with token"}}, {{"Authorization", "Bearer " + token}});
    CHECK(created.status == 201);
  }
  SECTION("with the token in the query") {
    CHECK(server.call(Method::get, "/api/projects/local/workspaces?token=" + token).status == 200);
    SseReader events(server.base_url(), "/api/projects/local/events?token=" + token);
    CHECK(events.status() == 200);
  }
  SECTION("with the token in the cookie") {
    CHECK(
        server.call(Method::get, "/api/projects", nullptr, {{"Cookie", "theme=dark; octobot_token=" + token}}).status ==
        200);
  }
  SECTION("health stays open") {
    auto health = server.call(Method::get, "/api/health");
    CHECK(health.status == 200);
    CHECK(health.body["status"] == "ok");
  }
  SECTION("metrics and the OpenAPI document with the token") {
    CHECK(server.call(Method::get, "/metrics", nullptr, {{"Authorization", "Bearer " + token}}).status == 200);
    CHECK(server.call(Method::get, "/api/openapi.json?token=" + token).status == 200);
  }
  SECTION("nothing was created without the token") {
    server.call(Method::post, "/api/projects", {{"name", "sneaky"}});
    auto listed = server.call(Method::get, "/api/projects", nullptr, {{"Authorization", "Bearer " + token}});
    REQUIRE(listed.status == 200);
    CHECK(listed.body["items"].size() == 1);
  }
}

TEST_CASE_METHOD(ServerFixture, "access token: none needed on loopback", "[auth]") {
  CHECK(app().access_token().empty());
  CHECK(call(Method::get, "/api/projects").status == 200);
  CHECK(call(Method::get, "/api/projects", nullptr, {{"Authorization", "Bearer anything"}}).status == 200);
}

TEST_CASE_METHOD(ServerFixture, "access token: on loopback, only loopback Host names are served", "[auth]") {
  const std::string port_suffix = ":" + std::to_string(port());
  for (const std::string& host : std::vector<std::string>{"attacker.example" + port_suffix, "10.0.0.5" + port_suffix,
                                                          "localhost.attacker.example", "127.0.0.1.nip.io"}) {
    INFO("Host: " << host);
    auto response = call(Method::get, "/api/projects", nullptr, {{"Host", host}});
    expect_documented(response, "get", "/api/projects");
    expect_error(response, 403, "forbidden");
    expect_error(call(Method::post, "/api/projects", {{"name", "rebound"}}, {{"Host", host}}), 403, "forbidden");
  }
  for (const std::string& host :
       std::vector<std::string>{"localhost" + port_suffix, "127.0.0.1" + port_suffix, "LOCALHOST",
                                "app.localhost" + port_suffix, "[::1]" + port_suffix}) {
    INFO("Host: " << host);
    CHECK(call(Method::get, "/api/projects", nullptr, {{"Host", host}}).status == 200);
  }
  CHECK(call(Method::get, "/api/health", nullptr, {{"Host", "attacker.example"}}).status == 200);
  CHECK(items("/api/projects").size() == 1);
}

TEST_CASE("access token: a weak supplied token is a start-up error", "[auth]") {
  TempDir data("octobot-weak-token");
  for (const std::string weak : {"a", "short-token", "fifteen-chars-x", "sixteen chars ok", "sixteen\"chars\"ok"}) {
    INFO(weak);
    octobot::ServerSettings settings;
    settings.listen = "0.0.0.0:0";
    settings.data_dir = data.path();
    settings.access_token = weak;
    auto app = octobot::App::create(settings);
    REQUIRE(app.ok());
    auto started = (*app)->start();
    REQUIRE_FALSE(started.ok());
    CHECK(started.error().find("access token") != std::string::npos);
  }
  octobot::ServerSettings settings;
  settings.listen = "0.0.0.0:0";
  settings.data_dir = data.path();
  settings.access_token = "sixteen-chars-ok";
  auto app = octobot::App::create(settings);
  REQUIRE(app.ok());
  CHECK((*app)->start().ok());
}
