// lib/http/sse_parser.cpp
#include "lib/http/sse_parser.hpp"

#include <catch2/catch.hpp>

namespace octobot::http {
namespace {

TEST_CASE("events split anywhere across feeds come out whole", "[http][sse]") {
  const std::string wire = "id: 1\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n: keep-alive\n\nevent: done\ndata:[DONE]\n\n";
  for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
    SseParser parser;
    auto events = parser.feed(wire.substr(0, cut));
    auto more = parser.feed(wire.substr(cut));
    events.insert(events.end(), more.begin(), more.end());
    INFO("cut at " << cut);
    REQUIRE(events.size() == 2);
    CHECK(events[0].id == "1");
    CHECK(events[0].data == "{\"a\":\n1}");
    CHECK(events[1].event == "done");
    CHECK(events[1].data == "[DONE]");
  }
}

TEST_CASE("a block without data is no event; unknown fields are ignored", "[http][sse]") {
  SseParser parser;
  CHECK(parser.feed("id: 7\nretry: 10\n\n").empty());
  auto events = parser.feed("data\nfoo: bar\n\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].data.empty());
}

}  // namespace
}  // namespace octobot::http
