// agent/duration: the text syntax of the agent's time settings.
#include "agent/duration.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using octobot::agent::format_duration;
using octobot::agent::parse_duration;

TEST_CASE("duration: syntax", "[agent][config]") {
  CHECK(parse_duration("0") == 0ms);
  CHECK(parse_duration("500ms") == 500ms);
  CHECK(parse_duration("10s") == 10s);
  CHECK(parse_duration("1m30s") == 90s);
  CHECK(parse_duration("2h") == 2h);
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("10"));
  CHECK_FALSE(parse_duration("-1s"));
  CHECK_FALSE(parse_duration("1.5s"));
  CHECK_FALSE(parse_duration("s"));
  CHECK_FALSE(parse_duration("10 s"));
  CHECK_FALSE(parse_duration("1000h"));  // beyond a poll() timeout
  CHECK(format_duration(10s) == "10s");
  CHECK(format_duration(1500ms) == "1500ms");
  CHECK(format_duration(2min) == "2m");
  CHECK(format_duration(0ms) == "0ms");
}
