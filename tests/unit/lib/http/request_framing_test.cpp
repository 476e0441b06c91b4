// lib/http/request_framing: which headers make a request's length or target ambiguous.
#include "lib/http/request_framing.hpp"

#include <catch2/catch.hpp>

using namespace octobot::http;

namespace {

// Parses a request head ("...\r\n\r\n") with Beast, as the server does;
// nullopt when Beast itself refuses it.
std::optional<beast::http::request_header<>> head(const std::string& text) {
  beast::http::request_parser<beast::http::empty_body> parser;
  parser.eager(false);
  beast::error_code ec;
  parser.put(asio::buffer(text), ec);
  if (ec && ec != beast::http::error::need_more) return std::nullopt;
  REQUIRE(parser.is_header_done());
  return parser.get().base();
}

// True when the server would refuse the head: Beast's parser or framing_problem().
bool refused(const std::string& text) {
  auto parsed = head(text);
  return !parsed || framing_problem(*parsed).has_value();
}

}  // namespace

TEST_CASE("framing: well-framed requests pass", "[http][framing]") {
  for (const std::string text : {
           "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
           "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n",
           "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
           "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:  CHUNKED \r\n\r\n",
           "GET / HTTP/1.0\r\n\r\n",
       }) {
    INFO(text);
    auto parsed = head(text);
    REQUIRE(parsed);
    CHECK_FALSE(framing_problem(*parsed));
  }
}

TEST_CASE("framing: every ambiguous length or host is a problem", "[http][framing]") {
  for (const std::string field : {
           "Transfer-Encoding: xchunked", "Transfer-Encoding: chunked, identity", "Transfer-Encoding: \"chunked\"",
           "Transfer-Encoding: identity", "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: chunked;q=1",
           "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", "Transfer-Encoding: gzip\r\nContent-Length: 3",
           "Host: b", "Host: a"}) {
    const std::string text = "POST / HTTP/1.1\r\nHost: a\r\n" + field + "\r\n\r\n";
    INFO(text);
    CHECK(refused(text));
  }
  CHECK(refused("GET / HTTP/1.1\r\n\r\n"));  // HTTP/1.1 needs a Host
  // Shapes Beast accepts: framing_problem() alone must catch them.
  for (const std::string field : {"Transfer-Encoding: xchunked", "Transfer-Encoding: chunked, identity",
                                  "Transfer-Encoding: gzip\r\nContent-Length: 3", "Host: b"}) {
    auto parsed = head("POST / HTTP/1.1\r\nHost: a\r\n" + field + "\r\n\r\n");
    INFO(field);
    REQUIRE(parsed);
    auto problem = framing_problem(*parsed);
    REQUIRE(problem);
    CHECK_FALSE(problem->empty());
  }
}
