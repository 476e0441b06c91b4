// Cross-site request forgery: a page on another site can make the browser
// send writes to this server without a CORS preflight (form posts, no-cors
// fetch of a Blob, text/plain, sendBeacon). Each form is refused before it
// changes anything; requests from the server's own origin and from clients
// that are not browsers still work. tests/e2e/cross_site.spec.mjs runs the
// same attacks from a real headless Chromium.
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

using namespace octobot::testing;
namespace http = octobot::http;

namespace {

const std::string kAgentBody =
    R"({"type":"claude-code","name":"planted","isDefault":true,)"
    R"("mcpServers":[{"type":"stdio","name":"x","command":"/bin/sh","args":["-c","id"]}]})";

struct Write {
  Method method;
  std::string target;
  std::string body;
};

std::vector<Write> writes(const std::string& agent_id) {
  return {{Method::post, "/api/projects/local/agents", kAgentBody},
          {Method::post, "/api/projects/local/workspaces", R"({"path":"/","sourceType":"local"})"},
          {Method::patch, "/api/projects/local/agents/" + agent_id, R"({"isDefault":true,"name":"renamed"})"},
          {Method::delete_, "/api/projects/local/agents/" + agent_id, ""},
          {Method::post, "/api/projects", R"({"name":"planted"})"}};
}

}  // namespace

TEST_CASE_METHOD(ServerFixture, "cross-site: a body that does not declare JSON is refused with 415", "[security]") {
  const std::string agent_id = create_agent("local", "kept").at("id");
  expect_no_change("local", [&] {
    for (const std::string& type : {std::string(), std::string("text/plain"),
                                    std::string("application/x-www-form-urlencoded"),
                                    std::string("multipart/form-data; boundary=x"), std::string("application/jsonx")}) {
      for (const Write& write : writes(agent_id)) {
        if (write.body.empty()) continue;
        INFO(write.target << " with Content-Type \"" << type << "\"");
        http::Headers headers;
        if (!type.empty()) headers.emplace_back("Content-Type", type);
        expect_error(call_raw(write.method, write.target, write.body, headers), 415, "unsupported_media_type");
      }
    }
  });
  CHECK(items("/api/projects").size() == 1);
}

TEST_CASE_METHOD(ServerFixture, "cross-site: writes from another origin are refused with 403", "[security]") {
  const std::string agent_id = create_agent("local", "kept").at("id");
  const std::string port = std::to_string(this->port());
  const std::vector<http::Headers> foreign = {
      {{"Origin", "https://evil.example"}},
      {{"Origin", "null"}},
      {{"Origin", "http://localhost:" + port}},  // another origin for the same socket
      {{"Origin", "http://127.0.0.1:" + std::to_string(this->port() + 1)}},
      {{"Origin", "http://127.0.0.1:" + port + ".evil.example"}},
      {{"Origin", "http://user@127.0.0.1:" + port}},
      {{"Sec-Fetch-Site", "cross-site"}},
      {{"Sec-Fetch-Site", "same-site"}},
      {{"Origin", "http://127.0.0.1:" + port}, {"Sec-Fetch-Site", "cross-site"}}};
  expect_no_change("local", [&] {
    for (const http::Headers& headers : foreign) {
      for (const Write& write : writes(agent_id)) {
        INFO(write.target << " from " << headers.front().first << ": " << headers.front().second);
        http::Headers with_type = headers;
        if (!write.body.empty()) with_type.emplace_back("Content-Type", "application/json");
        expect_error(call_raw(write.method, write.target, write.body, with_type), 403, "forbidden");
      }
    }
  });
  CHECK(items("/api/projects").size() == 1);
  CHECK(items("/api/projects/local/agents").size() == 1);
}

TEST_CASE_METHOD(ServerFixture, "cross-site: the server's own origin and non-browser clients may write", "[security]") {
  const std::string own = "http://127.0.0.1:" + std::to_string(port());
  CHECK(call(Method::post, "/api/projects", {{"name", "a"}}, {{"Origin", own}, {"Sec-Fetch-Site", "same-origin"}})
            .status == 201);
  CHECK(call(Method::post, "/api/projects", {{"name", "b"}}, {{"Origin", "HTTP://127.0.0.1:" + std::to_string(port())}})
            .status == 201);
  CHECK(call(Method::post, "/api/projects", {{"name", "c"}}, {{"Sec-Fetch-Site", "none"}}).status == 201);
  CHECK(call(Method::post, "/api/projects", {{"name", "d"}}).status == 201);
  CHECK(call(Method::post, "/api/projects", {{"name", "e"}}, {{"Content-Type", "application/json; charset=utf-8"}})
            .status == 201);
  // Reads are not writes: a foreign Origin on GET is answered (the browser's CORS keeps the body from the page).
  CHECK(call(Method::get, "/api/projects", nullptr, {{"Origin", "https://evil.example"}}).status == 200);
}

TEST_CASE("cross-site: a configured public URL is an accepted origin", "[security]") {
  ServerFixture server("127.0.0.1:0", [](octobot::ServerSettings& settings) {
    settings.public_url = "https://octobot.example.com/some/path";
  });
  CHECK(server.call(Method::post, "/api/projects", {{"name", "a"}}, {{"Origin", "https://octobot.example.com"}})
            .status == 201);
  CHECK(server.call(Method::post, "/api/projects", {{"name", "b"}}, {{"Origin", "https://octobot.example.com:443"}})
            .status == 201);
  expect_error(server.call(Method::post, "/api/projects", {{"name", "c"}}, {{"Origin", "http://octobot.example.com"}}),
               403, "forbidden");
}

TEST_CASE("cross-site: the token link sets an HttpOnly SameSite=Strict cookie", "[security][auth]") {
  ServerFixture server("0.0.0.0:0");
  const std::string token = server.app().access_token();
  auto response = server.call(Method::get, "/?token=" + token);
  CHECK(response.status == 303);
  CHECK(response.header("location") == "/");
  const std::string cookie = response.header("set-cookie");
  CHECK(cookie.find("octobot_token=" + token) == 0);
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Strict") != std::string::npos);
  CHECK(server.call(Method::get, "/api/projects", nullptr, {{"Cookie", "octobot_token=" + token}}).status == 200);

  auto wrong = server.call(Method::get, "/?token=" + token + "x");
  CHECK(wrong.status == 200);
  CHECK(wrong.header("set-cookie").empty());
}
