#include "proxy/server/wire_format.hpp"

#include <boost/beast/http/empty_body.hpp>

#include <catch2/catch.hpp>

using namespace octobot::proxy;
namespace http = boost::beast::http;

namespace {

template <bool IsRequest>
void parse_header(http::parser<IsRequest, http::empty_body>& parser, std::string_view text) {
  boost::beast::error_code error;
  parser.eager(false);
  auto used = parser.put(boost::asio::buffer(text.data(), text.size()), error);
  REQUIRE_FALSE(error);
  REQUIRE(used == text.size());
  REQUIRE(parser.is_header_done());
}

BodyFraming response_framing(std::string_view header, bool to_head = false) {
  http::response_parser<http::empty_body> parser;
  if (to_head) parser.skip(true);
  parse_header(parser, header);
  return body_framing(parser);
}

BodyFraming request_framing(std::string_view header) {
  http::request_parser<http::empty_body> parser;
  parse_header(parser, header);
  return body_framing(parser);
}

}  // namespace

TEST_CASE("append_header writes a request header back as it came: version, field order, case, repeats") {
  std::string text = "POST /upload?q=1 HTTP/1.0\r\nHost: example.com\r\nX-Dup: 1\r\nx-dup: 2\r\nContent-Length: 0\r\n\r\n";
  http::request_parser<http::empty_body> parser;
  parse_header(parser, text);
  std::string out = "kept:";
  append_header(out, parser.get());
  CHECK(out == "kept:" + text);
}

TEST_CASE("append_header writes a response's own reason, or the standard one when it had none") {
  http::response_parser<http::empty_body> parser;
  parse_header(parser, "HTTP/1.1 200 Fine Thanks\r\nContent-Length: 0\r\n\r\n");
  std::string out;
  append_header(out, parser.get());
  CHECK(out == "HTTP/1.1 200 Fine Thanks\r\nContent-Length: 0\r\n\r\n");

  http::response_header<> built;
  built.result(http::status::not_found);
  built.set(http::field::server, "x");
  out.clear();
  append_header(out, built);
  CHECK(out == "HTTP/1.1 404 Not Found\r\nServer: x\r\n\r\n");
}

TEST_CASE("body_framing: a message without a body gets none, whatever its header says") {
  CHECK(response_framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", true) == BodyFraming::none);
  CHECK(response_framing("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n") == BodyFraming::none);
  CHECK(response_framing("HTTP/1.1 204 No Content\r\n\r\n") == BodyFraming::none);
  CHECK(response_framing("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") == BodyFraming::none);
  CHECK(request_framing("GET / HTTP/1.1\r\nHost: a\r\n\r\n") == BodyFraming::none);
}

TEST_CASE("body_framing: chunked when the header says so, else the bytes as they are") {
  CHECK(response_framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n") == BodyFraming::chunked);
  CHECK(request_framing("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n") == BodyFraming::chunked);
  CHECK(response_framing("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n") == BodyFraming::as_is);
  CHECK(response_framing("HTTP/1.1 200 OK\r\n\r\n") == BodyFraming::as_is);  // delimited by the end of the connection
}

TEST_CASE("append_body frames each piece as one chunk and ends with the last chunk") {
  std::string out;
  append_body(out, BodyFraming::chunked, "hello");
  append_body(out, BodyFraming::chunked, "");
  append_body(out, BodyFraming::chunked, std::string(26, 'x'));
  append_body_end(out, BodyFraming::chunked);
  CHECK(out == "5\r\nhello\r\n1a\r\n" + std::string(26, 'x') + "\r\n0\r\n\r\n");
}

TEST_CASE("append_body copies bytes as they are, and writes nothing for a message without body") {
  std::string out;
  append_body(out, BodyFraming::as_is, "abc");
  append_body_end(out, BodyFraming::as_is);
  CHECK(out == "abc");
  out.clear();
  append_body(out, BodyFraming::none, "abc");
  append_body_end(out, BodyFraming::none);
  CHECK(out.empty());
}
