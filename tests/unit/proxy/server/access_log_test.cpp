#include "proxy/server/access_log.hpp"
#include "tests/unit/proxy/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sys/stat.h>

using namespace octobot::proxy;

namespace {

// Writes `entries` to a fresh log file and returns its lines parsed as JSON.
std::vector<nlohmann::json> write_and_read(const std::vector<AccessEntry>& entries) {
  test::TempDir temp;
  auto path = temp.file("access.log");
  {
    AccessLog log(path);
    for (const auto& entry : entries) log.write(entry);
  }
  struct stat info{};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  std::ifstream file(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

AccessEntry sample() {
  AccessEntry entry;
  entry.client = "127.0.0.1:53422";
  entry.protocol = "mitm";
  entry.method = "GET";
  entry.host = "api.example.com";
  entry.port = 443;
  entry.path = "/v1/messages";
  entry.status = 200;
  entry.bytes_up = 12;
  entry.bytes_down = 3456789012345ULL;
  entry.decision = "mitm";
  entry.rule = "api.example.com";
  return entry;
}

}  // namespace

TEST_CASE("each access-log entry is one JSON line with every field") {
  auto lines = write_and_read({sample()});
  REQUIRE(lines.size() == 1);
  const auto& line = lines[0];
  CHECK(line["client"] == "127.0.0.1:53422");
  CHECK(line["protocol"] == "mitm");
  CHECK(line["method"] == "GET");
  CHECK(line["host"] == "api.example.com");
  CHECK(line["port"] == 443);
  CHECK(line["path"] == "/v1/messages");
  CHECK(line["status"] == 200);
  CHECK(line["bytes_up"] == 12);
  CHECK(line["bytes_down"] == 3456789012345ULL);
  CHECK(line["decision"] == "mitm");
  CHECK(line["rule"] == "api.example.com");
  CHECK(line["duration_ms"].is_number());
  CHECK(line["duration_ms"].get<double>() >= 0);
  CHECK(line["time"].get<std::string>().size() == std::string("2026-01-01T00:00:00.000Z").size());
  CHECK_FALSE(line.contains("error"));
}

TEST_CASE("hostile text in an access-log entry still gives valid JSON lines") {
  auto hostile = sample();
  hostile.path = "/a\"b\\c\n{\"forged\":1}\x01\xff\xfe";
  hostile.error = "upstream said \"no\"\r\n";
  auto lines = write_and_read({hostile, sample()});
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["path"] == "/a\"b\\c\n{\"forged\":1}\x01\xef\xbf\xbd\xef\xbf\xbd");
  CHECK(lines[0]["error"] == "upstream said \"no\"\r\n");
  CHECK_FALSE(lines[0].contains("forged"));
  CHECK(lines[1]["path"] == "/v1/messages");
}

TEST_CASE("path_without_query drops the query string and the fragment") {
  CHECK(path_without_query("/v2/x?token=secret") == "/v2/x");
  CHECK(path_without_query("/a#frag?x") == "/a");
  CHECK(path_without_query("/plain") == "/plain");
}
