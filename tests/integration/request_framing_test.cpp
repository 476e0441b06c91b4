// Request framing (RFC 9112 §6.3, §3.2): a request whose body length the
// server cannot determine with certainty is refused with 400 and the
// connection closes, so that no body can run as a second, smuggled request.
#include "tests/integration/raw_connection.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

using namespace octobot::testing;

namespace {

const std::string kSmuggled =
    "POST /api/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    "Content-Length: 20\r\n\r\n{\"name\":\"smuggled\"}";

// Sends `head` + the smuggled request as its "body"; expects one 400 and a closed connection.
void expect_refused(ServerFixture& server, const std::string& head) {
  INFO("sent " << Json(head).dump());
  RawConnection connection(server.port());
  REQUIRE(connection.send(head + kSmuggled));
  auto ending = connection.read_to_end();
  CHECK(ending.closed);
  std::size_t consumed = 0;
  auto response = parse_raw_response(ending.bytes, &consumed);
  REQUIRE(response);
  CHECK(response->status == 400);
  CHECK(response->headers["connection"] == "close");
  // Beast's parser refuses some shapes itself ("bad_http"); we refuse the rest ("bad_framing").
  std::string code = Json::parse(response->body, nullptr, false)["error"].value("code", "");
  CHECK((code == "bad_framing" || code == "bad_http"));
  CHECK(consumed == ending.bytes.size());  // no second response
}

}  // namespace

TEST_CASE_METHOD(ServerFixture, "framing: a transfer coding other than a lone chunked is refused", "[http][security]") {
  for (const std::string coding : {"xchunked", "chunked, identity", "\"chunked\"", "identity", "gzip", "gzip, chunked",
                                    "chunked;x=1", "chunked\r\nTransfer-Encoding: chunked", "chunked\r\nTransfer-Encoding: x",
                                    ""}) {
    for (const std::string method : {"GET /api/health", "POST /api/projects", "GET /api/projects/local/events"}) {
      expect_refused(*this, method + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                     "Transfer-Encoding: " + coding + "\r\n\r\n");
    }
  }
  CHECK(items("/api/projects").size() == 1);
}

TEST_CASE_METHOD(ServerFixture, "framing: ambiguous lengths and hosts are refused", "[http][security]") {
  const std::string start = "POST /api/projects/local/agents HTTP/1.1\r\nContent-Type: application/json\r\n";
  expect_refused(*this, start + "Host: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n");
  expect_refused(*this, start + "Host: 127.0.0.1\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n");
  expect_refused(*this, start + "Host: 127.0.0.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
  expect_refused(*this, start + "Host: 127.0.0.1\r\nHost: evil.example\r\nContent-Length: 0\r\n\r\n");
  expect_refused(*this, start + "Content-Length: 0\r\n\r\n");  // HTTP/1.1 without Host
  CHECK(items("/api/projects").size() == 1);
  CHECK(items("/api/projects/local/agents").empty());
}

TEST_CASE_METHOD(ServerFixture, "framing: a lone chunked coding in any case still works", "[http]") {
  for (const std::string coding : {"chunked", "Chunked", " CHUNKED "}) {
    RawConnection connection(port());
    const std::string body = R"({"name":"chunked project"})";
    char size[16];
    std::snprintf(size, sizeof size, "%zx", body.size());
    REQUIRE(connection.send("POST /api/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            "Transfer-Encoding: " + coding + "\r\n\r\n" + size + "\r\n" + body + "\r\n0\r\n\r\n"));
    auto response = connection.read_response();
    REQUIRE(response);
    CHECK(response->status == 201);
  }
  RawConnection old_client(port());  // HTTP/1.0 may omit Host
  REQUIRE(old_client.send("GET /api/health HTTP/1.0\r\n\r\n"));
  auto response = old_client.read_response();
  REQUIRE(response);
  CHECK(response->status == 200);
}
