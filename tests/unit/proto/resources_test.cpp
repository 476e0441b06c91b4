#include "proto/resources.hpp"

#include <catch2/catch.hpp>
#include <ctime>
#include <random>

using namespace octobot;

namespace {
// Reference formatting through the C library.
std::string reference_time(std::int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(unix_ms % 1000));
  return buffer;
}
}  // namespace

TEST_CASE("format_time agrees with gmtime across 1970-2400", "[proto]") {
  CHECK(proto::format_time(0) == "1970-01-01T00:00:00.000Z");
  CHECK(proto::format_time(951782400000) == "2000-02-29T00:00:00.000Z");
  CHECK(proto::format_time(1795330800123) == reference_time(1795330800123));
  std::mt19937_64 random(42);
  std::uniform_int_distribution<std::int64_t> instants(0, 13569465600000);  // up to year 2400
  for (int i = 0; i < 20000; ++i) {
    std::int64_t ms = instants(random);
    REQUIRE(proto::format_time(ms) == reference_time(ms));
  }
}

TEST_CASE("JsonWriter output parses back to the same values", "[proto]") {
  std::string awkward = "quote\" backslash\\ newline\n tab\t nul";
  awkward.push_back('\0');
  awkward += " ctrl\x01 unicode é";
  proto::JsonWriter out;
  out.begin_object()
      .key("s").string(awkward)
      .key("n").null()
      .key("e").string_or_null("")
      .key("b").boolean(true)
      .key("i").number(-42)
      .key("a").begin_array().number(1).string("x").begin_object().end_object().end_array()
      .key("r").raw(R"({"k":[1,2]})")
      .end_object();
  auto parsed = nlohmann::json::parse(out.take());
  CHECK(parsed["s"] == awkward);
  CHECK(parsed["n"].is_null());
  CHECK(parsed["e"].is_null());
  CHECK(parsed["b"] == true);
  CHECK(parsed["i"] == -42);
  CHECK(parsed["a"] == nlohmann::json::parse(R"([1,"x",{}])"));
  CHECK(parsed["r"]["k"][1] == 2);
}

TEST_CASE("resource views use camelCase and null for empty optional strings", "[proto]") {
  proto::Session session{"s1", "p1", "w1", "", "name", "initializing", "", 1000, 2000};
  auto json = proto::to_json(session);
  CHECK(json["agentId"].is_null());
  CHECK(json["workspaceId"] == "w1");
  CHECK(json["updatedAt"] == "1970-01-01T00:00:02.000Z");
}

TEST_CASE("a corrupt stored JSON column does not corrupt the response", "[proto]") {
  proto::Agent agent;
  agent.env_json = "not json";
  agent.mcp_servers_json = "";
  auto json = proto::to_json(agent);  // parses: the writer substituted safe values
  CHECK(json["env"] == nlohmann::json::object());
  CHECK(json["mcpServers"] == nlohmann::json::array());
}
