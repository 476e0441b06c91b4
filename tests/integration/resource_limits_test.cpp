// What an unauthenticated or greedy client can make the server hold: bodies
// are refused before they are read when the route takes none or the caller
// is not authenticated, and connections beyond the configured limit are
// closed at once.
#include "tests/integration/raw_connection.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

using namespace octobot::testing;

namespace {

// This process's resident set (the server runs in it), in bytes.
std::size_t resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6)) * 1024;
  }
  FAIL("no VmRSS in /proc/self/status");
  return 0;
}

constexpr std::size_t kBodyBytes = 10 * 1000 * 1000;

std::string head_with_body(const std::string& request_line) {
  return request_line + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(kBodyBytes) + "\r\n\r\n";
}

// Opens `count` connections that each send `head` and then up to 10 MB of
// body, interleaved; returns the statuses the server answered with.
std::vector<unsigned> flood(ServerFixture& server, const std::string& head, int count) {
  std::vector<std::unique_ptr<RawConnection>> connections;
  for (int i = 0; i < count; ++i) {
    connections.push_back(std::make_unique<RawConnection>(server.port()));
    REQUIRE(connections.back()->send(head));
  }
  const std::string chunk(64 * 1024, 'x');
  std::vector<bool> open(count, true);
  for (std::size_t sent = 0; sent < kBodyBytes; sent += chunk.size()) {
    bool any = false;
    for (int i = 0; i < count; ++i) {
      if (open[i]) open[i] = connections[i]->send(chunk);
      any = any || open[i];
    }
    if (!any) break;
  }
  std::vector<unsigned> statuses;
  for (auto& connection : connections) {
    auto ending = connection->read_to_end();
    auto response = parse_raw_response(ending.bytes);
    statuses.push_back(response ? response->status : 0);
  }
  return statuses;
}

}  // namespace

TEST_CASE("limits: 20 unauthenticated 10 MB bodies leave the server's memory as it was", "[http][security]") {
  ServerFixture server("0.0.0.0:0");
  CHECK(server.call(Method::get, "/api/health").status == 200);
  const std::size_t before = resident_bytes();
  for (const std::string line : {"GET /api/health", "POST /api/projects", "POST /api/projects/local/agents",
                                  "GET /api/projects/local/events"}) {
    INFO(line);
    for (unsigned status : flood(server, head_with_body(line), 20)) {
      if (status != 0) CHECK((status == 401 || status == 413));  // 0: reset before the answer arrived
    }
  }
  const std::size_t after = resident_bytes();
  INFO("resident before " << before / 1024 << " KiB, after " << after / 1024 << " KiB");
  CHECK(after < before + 8 * 1024 * 1024);
  const std::string token = server.app().access_token();
  CHECK(server.call(Method::get, "/api/projects", nullptr, {{"Authorization", "Bearer " + token}}).body["items"].size() ==
        1);
}

TEST_CASE("limits: authentication is decided before the body is read", "[http][security]") {
  ServerFixture server("0.0.0.0:0");
  RawConnection connection(server.port());
  REQUIRE(connection.send(head_with_body("POST /api/projects")));  // the header only
  auto response = connection.read_response();
  REQUIRE(response);
  CHECK(response->status == 401);
  CHECK(response->headers["connection"] == "close");
}

TEST_CASE_METHOD(ServerFixture, "limits: routes without a body refuse one", "[http][bad-input]") {
  for (const std::string line : {"GET /api/health", "GET /api/projects", "DELETE /api/projects/local/agents/"
                                                                          "5e6f7081-92a3-4b4c-8d5e-6f708192a3b4"}) {
    INFO(line);
    RawConnection connection(port());
    REQUIRE(connection.send(line + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                   "Content-Length: 2\r\n\r\n{}"));
    auto response = connection.read_response();
    REQUIRE(response);
    CHECK(response->status == 413);
    CHECK(response->headers["connection"] == "close");
  }
  CHECK(call(Method::get, "/api/health").status == 200);
}

TEST_CASE("limits: connections beyond --max-connections are closed at once", "[http][security]") {
  ServerFixture server("127.0.0.1:0", [](octobot::ServerSettings& settings) { settings.max_connections = 4; });
  const std::string health = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawConnection>(server.port()));
    REQUIRE(held.back()->send(health));
    REQUIRE(held.back()->read_response());  // accepted and tracked
  }
  RawConnection extra(server.port());
  extra.send(health);
  auto ending = extra.read_to_end();
  CHECK(ending.closed);
  CHECK(ending.bytes.empty());

  held.pop_back();  // one leaves; a newcomer is served once the server has noticed
  bool served = false;
  for (int attempt = 0; attempt < 100 && !served; ++attempt) {
    RawConnection next(server.port());
    served = next.send(health) && next.read_response().has_value();
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(served);
  for (auto& connection : held) {  // the held ones still work
    REQUIRE(connection->send(health));
    CHECK(connection->read_response());
  }
}
