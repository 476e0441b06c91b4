#include "lib/http/router.hpp"

#include <catch2/catch.hpp>

using namespace octobot::http;

namespace {
Handler noop() {
  return [](Exchange&) -> asio::awaitable<Response> { co_return Response{}; };
}
}  // namespace

TEST_CASE("router captures path parameters", "[http][router]") {
  Router router;
  router.add(Method::get, "/api/projects/{projectId}/sessions/{id}", noop());
  auto match = router.match(Method::get, "/api/projects/local/sessions/abc?limit=3");
  REQUIRE(match.route != nullptr);
  CHECK(match.params.at("projectId") == "local");
  CHECK(match.params.at("id") == "abc");
}

TEST_CASE("router prefers literal segments over captures", "[http][router]") {
  Router router;
  router.add(Method::get, "/api/projects/{projectId}/agents/{agentId}", noop());
  router.add(Method::get, "/api/projects/{projectId}/agents/types", noop());
  auto match = router.match(Method::get, "/api/projects/local/agents/types");
  REQUIRE(match.route != nullptr);
  CHECK(match.route->pattern == "/api/projects/{projectId}/agents/types");
  CHECK(router.match(Method::get, "/api/projects/local/agents/x").route->pattern ==
        "/api/projects/{projectId}/agents/{agentId}");
}

TEST_CASE("router tells 405 from 404", "[http][router]") {
  Router router;
  router.add(Method::get, "/api/health", noop());
  auto wrong_method = router.match(Method::post, "/api/health");
  CHECK(wrong_method.route == nullptr);
  CHECK(wrong_method.method_not_allowed);
  auto unknown = router.match(Method::get, "/api/nothing");
  CHECK(unknown.route == nullptr);
  CHECK_FALSE(unknown.method_not_allowed);
  CHECK(router.match(Method::head, "/api/health").route != nullptr);
}

TEST_CASE("router does not match empty or extra segments", "[http][router]") {
  Router router;
  router.add(Method::get, "/api/projects/{projectId}", noop());
  CHECK(router.match(Method::get, "/api/projects/").route == nullptr);
  CHECK(router.match(Method::get, "/api/projects/a/b").route == nullptr);
}
