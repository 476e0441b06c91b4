#include "lib/http/sse.hpp"

#include <catch2/catch.hpp>

using namespace octobot::http;

TEST_CASE("SSE events are framed with id, event and one data line per line", "[http][sse]") {
  CHECK(format_sse_event({"7", "session.updated", R"({"a":1})"}) == "id: 7\nevent: session.updated\ndata: {\"a\":1}\n\n");
  CHECK(format_sse_event({std::nullopt, std::nullopt, "one\ntwo\r\nthree"}) ==
        "data: one\ndata: two\ndata: three\n\n");
}

TEST_CASE("SSE ids and types cannot inject fields", "[http][sse]") {
  auto text = format_sse_event({"1\ndata: evil", "x\r\nid: 9", "ok"});
  CHECK(text == "id: 1 data: evil\nevent: x  id: 9\ndata: ok\n\n");
}
