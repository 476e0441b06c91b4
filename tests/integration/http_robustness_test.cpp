// The HTTP layer under hostile or unusual clients, over raw TCP connections.
#include "tests/integration/raw_connection.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

using namespace octobot::testing;

namespace {

std::string request(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& extra_headers = "") {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers;
  if (!body.empty() || method == "POST" || method == "PATCH") {
    text += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return text + "\r\n" + body;
}

// The response's error envelope has `code` and a message.
void expect_raw_error(const RawResponse& response, unsigned status, const std::string& code) {
  INFO("status " << response.status << " body " << response.body);
  CHECK(response.status == status);
  Json body = Json::parse(response.body, nullptr, false);
  REQUIRE(body.is_object());
  CHECK(body["error"].value("code", "") == code);
  CHECK_FALSE(body["error"].value("message", "").empty());
}

// The server answers an ordinary request on a new connection.
void expect_still_serving(ServerFixture& server) {
  RawConnection connection(server.port());
  REQUIRE(connection.send(request("GET", "/api/health")));
  auto response = connection.read_response();
  REQUIRE(response);
  CHECK(response->status == 200);
}

std::size_t project_count(ServerFixture& server) { return server.items("/api/projects").size(); }

}  // namespace

TEST_CASE_METHOD(ServerFixture, "http: unknown routes and wrong methods", "[http]") {
  expect_error(call(Method::get, "/api/nope"), 404, "not_found");
  expect_error(call(Method::get, "/api/projects/local/nope"), 404, "not_found");
  expect_error(call(Method::put, "/api/projects/local", {{"name", "x"}}), 405, "method_not_allowed");
  expect_error(call(Method::delete_, "/api/health"), 405, "method_not_allowed");
  expect_error(call(Method::post, "/api/projects/local/agents/types", Json::object()), 405, "method_not_allowed");
  expect_error(call(Method::post, "/api/projects/local/sessions", {{"name", "x"}}), 405, "method_not_allowed");
  expect_error(call(Method::get, "/api/projects/local/credentials/5e6f7081-92a3-4b4c-8d5e-6f708192a3b4"), 405,
               "method_not_allowed");
}

TEST_CASE_METHOD(ServerFixture, "http: garbage bytes get a 400 envelope and the connection closes", "[http]") {
  for (const std::string& garbage : std::vector<std::string>{
           std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15), std::string("HELLO THERE\r\n\r\n"),
           std::string("GET / HTTP/7.3\r\n\r\n"), std::string("GET /api/health HTTP/1.1\r\nBad Header Line\r\n\r\n"),
           std::string("POST /api/projects HTTP/1.1\r\nContent-Length: nope\r\n\r\n"),
           // Request smuggling shapes.
           std::string("POST /api/projects HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
           std::string("POST /api/projects HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                       "Content-Length: 9\r\n\r\n{}{}{}{}{}")}) {
    INFO("sent " << Json(garbage).dump(-1, ' ', true, Json::error_handler_t::replace));
    RawConnection connection(port());
    REQUIRE(connection.send(garbage));
    auto ending = connection.read_to_end();
    CHECK(ending.closed);
    auto response = parse_raw_response(ending.bytes);
    REQUIRE(response);
    expect_raw_error(*response, 400, "bad_http");
    CHECK(response->headers["connection"] == "close");
  }
  expect_still_serving(*this);
}

TEST_CASE_METHOD(ServerFixture, "http: a header block over 16 KiB is 431", "[http]") {
  RawConnection connection(port());
  REQUIRE(connection.send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(17 * 1024, 'a') +
                          "\r\n\r\n"));
  auto ending = connection.read_to_end();
  CHECK(ending.closed);
  auto response = parse_raw_response(ending.bytes);
  REQUIRE(response);
  expect_raw_error(*response, 431, "headers_too_large");
  expect_still_serving(*this);
}

TEST_CASE_METHOD(ServerFixture, "http: bodies over the limit are 413 and nothing is written", "[http][bad-input]") {
  const std::size_t before = project_count(*this);
  SECTION("declared larger than 10 MiB") {
    for (const std::string& target : std::vector<std::string>{"/api/projects", "/api/projects/local/agents"}) {
      INFO(target);
      RawConnection connection(port());
      REQUIRE(connection.send("POST " + target +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                              "Content-Length: " +
                              std::to_string(10 * 1024 * 1024 + 1) + "\r\n\r\n{\"name\":\""));
      auto response = connection.read_response();
      REQUIRE(response);
      expect_raw_error(*response, 413, "payload_too_large");
      CHECK(connection.read_to_end().closed);
    }
  }
  SECTION("chunked, without a declared length") {
    RawConnection connection(port());
    REQUIRE(
        connection.send("POST /api/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n"));
    const std::string chunk = "4000\r\n" + std::string(0x4000, ' ') + "\r\n";
    for (int i = 0; i < 640 && connection.send(chunk); ++i) {  // up to 10 MiB; the server stops reading early
    }
    auto ending = connection.read_to_end();
    auto response = parse_raw_response(ending.bytes);
    REQUIRE(response);
    expect_raw_error(*response, 413, "payload_too_large");
  }
  SECTION("a route's own limit") {
    auto response = call(Method::post, "/api/projects", {{"name", std::string(70 * 1024, 'n')}});
    expect_documented(response, "post", "/api/projects");
    expect_error(response, 413, "payload_too_large");
    // Agents accept bigger bodies (long system prompts), up to their limit.
    auto prompt = call(Method::post, "/api/projects/local/agents",
                       {{"type", "codex"}, {"name", "long"}, {"systemPrompt", std::string(100'000, 'p')}});
    CHECK(prompt.status == 201);
    expect_error(call(Method::post, "/api/projects/local/agents",
                      {{"type", "codex"}, {"name", "huge"}, {"systemPrompt", std::string(300 * 1024, 'p')}}),
                 413, "payload_too_large");
  }
  expect_still_serving(*this);
  CHECK(project_count(*this) == before);
}

TEST_CASE_METHOD(ServerFixture, "http: half a request then a half-close", "[http]") {
  RawConnection bystander(port());  // a connection that was open all along keeps working
  SECTION("in the header") {
    RawConnection connection(port());
    REQUIRE(connection.send("GET /api/projects/local HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: "));
    connection.shutdown_write();
    auto ending = connection.read_to_end();
    CHECK(ending.closed);
    if (!ending.bytes.empty()) {
      auto response = parse_raw_response(ending.bytes);
      REQUIRE(response);
      expect_raw_error(*response, 400, "bad_http");
    }
  }
  SECTION("in the body") {
    RawConnection connection(port());
    REQUIRE(connection.send(request("POST", "/api/projects", "{\"name\":\"half written project\"}").substr(0, 110)));
    connection.shutdown_write();
    auto ending = connection.read_to_end();
    CHECK(ending.closed);
    CHECK(ending.bytes.find("201") == std::string::npos);
    CHECK(project_count(*this) == 1);
  }
  REQUIRE(bystander.send(request("GET", "/api/health")));
  auto response = bystander.read_response();
  REQUIRE(response);
  CHECK(response->status == 200);
  expect_still_serving(*this);
}

TEST_CASE_METHOD(ServerFixture, "http: 100 requests on one keep-alive connection", "[http]") {
  RawConnection connection(port());
  for (int i = 0; i < 100; ++i) {
    INFO("request " << i);
    std::string text = i % 10 == 9 ? request("POST", "/api/projects/local/agents",
                                             Json{{"type", "codex"}, {"name", "agent " + std::to_string(i)}}.dump())
                                   : request("GET", "/api/projects/local/agents");
    REQUIRE(connection.send(text));
    auto response = connection.read_response();
    REQUIRE(response);
    CHECK(response->status == (i % 10 == 9 ? 201u : 200u));
    CHECK(response->headers["connection"] != "close");
  }
  CHECK(items("/api/projects/local/agents").size() == 10);
}

TEST_CASE_METHOD(ServerFixture, "http: pipelined requests are answered in order", "[http]") {
  RawConnection connection(port());
  REQUIRE(connection.send(request("POST", "/api/projects", R"({"name":"first"})") + request("GET", "/api/nope") +
                          request("POST", "/api/projects", R"({"name":"second"})")));
  auto first = connection.read_response();
  auto second = connection.read_response();
  auto third = connection.read_response();
  REQUIRE((first && second && third));
  CHECK(first->status == 201);
  CHECK(Json::parse(first->body)["name"] == "first");
  CHECK(second->status == 404);
  CHECK(third->status == 201);
  CHECK(Json::parse(third->body)["name"] == "second");
}

TEST_CASE_METHOD(ServerFixture, "http: Expect: 100-continue", "[http]") {
  RawConnection connection(port());
  const std::string body = R"({"name":"continued"})";
  REQUIRE(
      connection.send("POST /api/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      "Expect: 100-continue\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n"));
  auto interim = connection.read_response();
  REQUIRE(interim);
  CHECK(interim->status == 100);
  REQUIRE(connection.send(body));
  auto response = connection.read_response();
  REQUIRE(response);
  CHECK(response->status == 201);
  CHECK(Json::parse(response->body)["name"] == "continued");
}

TEST_CASE_METHOD(ServerFixture, "http: Expect: 100-continue with a body over the limit is refused up front", "[http]") {
  RawConnection connection(port());
  REQUIRE(
      connection.send("POST /api/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      "Expect: 100-continue\r\nContent-Length: 20000000\r\n\r\n"));
  auto response = connection.read_response();
  REQUIRE(response);
  expect_raw_error(*response, 413, "payload_too_large");
}

TEST_CASE_METHOD(ServerFixture, "http: deeply nested JSON is refused without harm", "[http][bad-input]") {
  const octobot::http::Headers json = {{"Content-Type", "application/json"}};
  auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  // 64 levels in all are allowed (this one fails only on the field's type); 65 are not.
  expect_error(call_raw(Method::post, "/api/projects", R"({"name":)" + nested(63) + "}", json), 400, "invalid_field");
  expect_error(call_raw(Method::post, "/api/projects", R"({"name":)" + nested(64) + "}", json), 400, "invalid_json");
  // Brackets inside strings do not count.
  CHECK(call_raw(Method::post, "/api/projects", R"({"name":")" + std::string(100, '[') + R"(\"[{"})", json).status ==
        201);
  expect_error(call_raw(Method::post, "/api/projects", nested(30000), json), 400, "invalid_json");
  expect_error(call_raw(Method::post, "/api/projects/local/agents",
                        R"({"type":"codex","name":"x","mcpServers":)" + nested(120000) + "}", json),
               400, "invalid_json");
  CHECK(items("/api/projects/local/agents").empty());
  expect_still_serving(*this);
}

TEST_CASE_METHOD(ServerFixture, "http: HEAD on the event stream sends the head only", "[http]") {
  RawConnection connection(port());
  REQUIRE(connection.send("HEAD /api/projects/local/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  auto ending = connection.read_to_end();
  CHECK(ending.closed);
  CHECK(ending.bytes.starts_with("HTTP/1.1 200"));
  CHECK(ending.bytes.find("text/event-stream") != std::string::npos);
  CHECK(ending.bytes.find("\r\n\r\n") == ending.bytes.size() - 4);  // nothing after the head
}

TEST_CASE_METHOD(ServerFixture, "http: the start page", "[http]") {
  auto page = call(Method::get, "/");
  CHECK(page.status == 200);
  CHECK(page.header("content-type").starts_with("text/html"));
  CHECK(page.header("set-cookie").empty());
}
