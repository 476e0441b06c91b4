// /api/health, /metrics and /api/openapi.json, and the document against the routes.
#include "lib/crypto/crypto.hpp"
#include "server/api/routes.hpp"
#include "server/runtime/docker/docker_runtime.hpp"
#include "tests/integration/openapi_check.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <set>

using namespace octobot::testing;
namespace api = octobot::api;
namespace service = octobot::service;

namespace {

using Operation = std::pair<std::string, std::string>;  // ("get", "/api/health")

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Every (method, pattern) that api::build_router registers, the router the App serves.
std::set<Operation> registered_routes(const std::filesystem::path& scratch) {
  auto store = octobot::store::open_store((scratch / "routes.db").string());
  REQUIRE(store.ok());
  boost::asio::io_context io;
  boost::asio::thread_pool pool{1};
  octobot::events::EventHub hub;
  octobot::crypto::SecretBox secrets(octobot::crypto::random_bytes(32));
  service::Context context{**store, hub, secrets, scratch, io.get_executor(), pool, pool, &service::unix_ms_now};
  octobot::runtime::DockerRuntime runtime(io.get_executor(),
                                          *octobot::http::Endpoint::parse("unix:/nonexistent/docker.sock"), "routes");
  service::SandboxService sandboxes(context, runtime, {});
  service::ProjectService projects(context);
  service::WorkspaceService workspaces(context);
  service::SessionService sessions(context, sandboxes);
  service::AgentService agents(context);
  service::CredentialService credentials(context);
  service::ChatService chat(context, sandboxes, {});
  service::SessionFiles files(context, sandboxes);
  boost::asio::ssl::context forge_tls(boost::asio::ssl::context::tls_client);
  service::SessionApply apply(context, sandboxes, forge_tls);
  service::SessionFork fork(context, sessions, sandboxes);
  octobot::auth::SingleUserAuthenticator authenticator("user", "");
  octobot::auth::CrossSitePolicy cross_site;
  api::Metrics metrics;
  const api::UiFiles ui;
  api::Services services{context,       projects,   workspaces, sessions, agents, credentials, chat, files,
                         apply,         fork,       authenticator, cross_site, metrics,    pool,     "{}",   "test",   ui};
  std::set<Operation> routes;
  const octobot::http::Router router = api::build_router(services);
  for (const auto& route : router.routes()) {
    routes.emplace(lowercase(std::string(boost::beast::http::to_string(route.method))), route.pattern);
  }
  pool.join();
  return routes;
}

std::set<Operation> documented_operations() {
  static const std::set<std::string> methods{"get", "post", "put", "patch", "delete", "head", "options"};
  std::set<Operation> operations;
  for (const auto& [path, item] : openapi_document().at("paths").items()) {
    for (const auto& [method, operation] : item.items()) {
      if (methods.contains(method)) operations.emplace(method, path);
    }
  }
  return operations;
}

// The value of the sample `name{labels}` in a Prometheus text body, or -1.
double sample(const std::string& body, const std::string& name_and_labels) {
  auto at = body.find("\n" + name_and_labels + " ");
  if (at == std::string::npos) return -1;
  return std::stod(body.substr(at + name_and_labels.size() + 2));
}

}  // namespace

TEST_CASE_METHOD(ServerFixture, "system: health", "[system]") {
  auto health = call(Method::get, "/api/health");
  expect_documented(health, "get", "/api/health");
  CHECK(health.status == 200);
  CHECK(health.body["status"] == "ok");
  CHECK_FALSE(health.body["version"].get<std::string>().empty());
  CHECK(health.header("content-type") == "application/json");
  CHECK_FALSE(health.header("x-request-id").empty());
  CHECK(health.header("x-content-type-options") == "nosniff");
  // A sane incoming request id is kept, so it follows the request across services.
  CHECK(call(Method::get, "/api/health", nullptr, {{"X-Request-Id", "trace-42.a_b"}}).header("x-request-id") ==
        "trace-42.a_b");
  CHECK(call(Method::get, "/api/health", nullptr, {{"X-Request-Id", "bad id\t<script>"}}).header("x-request-id") !=
        "bad id\t<script>");
}

TEST_CASE_METHOD(ServerFixture, "system: metrics count requests by route and open streams", "[system]") {
  for (int i = 0; i < 3; ++i) REQUIRE(call(Method::get, "/api/projects/local/workspaces").status == 200);
  REQUIRE(call(Method::get, "/api/projects/local/workspaces/not-a-uuid").status == 400);
  REQUIRE(call(Method::get, "/no/such/route").status == 404);
  SseReader stream(base_url(), "/api/projects/local/events");
  REQUIRE(stream.status() == 200);

  auto metrics = call(Method::get, "/metrics");
  expect_documented(metrics, "get", "/metrics");
  REQUIRE(metrics.status == 200);
  CHECK(metrics.header("content-type").starts_with("text/plain"));
  const std::string& body = metrics.raw;
  CHECK(body.find("# TYPE octobot_http_requests_total counter") != std::string::npos);
  CHECK(sample(
            body,
            R"(octobot_http_requests_total{method="GET",route="/api/projects/{projectId}/workspaces",status="200"})") ==
        3);
  CHECK(
      sample(
          body,
          R"(octobot_http_requests_total{method="GET",route="/api/projects/{projectId}/workspaces/{workspaceId}",status="400"})") ==
      1);
  CHECK(sample(body, R"(octobot_http_requests_total{method="GET",route="unmatched",status="404"})") == 1);
  CHECK(sample(body, R"(octobot_http_request_duration_seconds_count{route="/api/projects/{projectId}/workspaces"})") ==
        3);
  CHECK(body.find("# TYPE octobot_sse_open_streams gauge") != std::string::npos);
  CHECK(sample(body, "octobot_sse_open_streams") == 1);
}

TEST_CASE_METHOD(ServerFixture, "system: the OpenAPI document is served and covers every route", "[system]") {
  auto document = call(Method::get, "/api/openapi.json");
  expect_documented(document, "get", "/api/openapi.json");
  REQUIRE(document.status == 200);
  REQUIRE(document.body.is_object());
  CHECK(document.body == openapi_document());
  CHECK(document.body["openapi"].get<std::string>().starts_with("3."));

  const auto registered = registered_routes(scratch());
  const auto documented = documented_operations();
  REQUIRE(registered.size() > 10);
  std::vector<Operation> undocumented, unserved;
  std::set_difference(registered.begin(), registered.end(), documented.begin(), documented.end(),
                      std::back_inserter(undocumented));
  std::set_difference(documented.begin(), documented.end(), registered.begin(), registered.end(),
                      std::back_inserter(unserved));
  CHECK(undocumented == std::vector<Operation>{});
  CHECK(unserved == std::vector<Operation>{});
}

TEST_CASE_METHOD(ServerFixture, "system: every documented JSON request schema rejects unknown fields", "[system]") {
  // The contract says unknown fields are 400; the document must say so too.
  const Json& schemas = openapi_document().at("components").at("schemas");
  for (const std::string& name : std::vector<std::string>{
           "ProjectCreate", "ProjectUpdate", "WorkspaceCreate", "WorkspaceUpdate", "SessionCreate", "SessionUpdate",
           "AgentCreate", "AgentUpdate", "CredentialCreate", "McpServerStdio", "McpServerHttp"}) {
    INFO(name);
    CHECK(schemas.at(name).value("additionalProperties", true) == false);
  }
}
