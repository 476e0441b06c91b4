// request_header_problem() and read_request_header(): the framing checks every
// request read from a client goes through (RFC 9112 §6.1, §6.3).
#include "proxy/server/request_header.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/local/connect_pair.hpp>

using namespace octobot::proxy;
using octobot::Expected;

namespace {

// The request's header as Beast parses it (the framing checks run after Beast's own).
Expected<http::request_header<>, std::string> parsed(const std::string& head) {
  http::request_parser<http::empty_body> parser;
  parser.eager(false);
  beast::error_code error;
  parser.put(asio::buffer(head), error);
  if (error && error != http::error::need_more) return "Beast refused it: " + error.message();
  if (!parser.is_header_done()) return std::string("the header is not complete");
  return static_cast<const http::request_header<>&>(parser.get());
}

std::optional<std::string> problem_of(const std::string& head) {
  auto header = parsed(head);
  INFO(head);
  REQUIRE(header.ok());
  return request_header_problem(*header);
}

std::string request(const std::string& fields, const std::string& version = "1.1") {
  return "POST /upload HTTP/" + version + "\r\nHost: example.com\r\n" + fields + "\r\n";
}

}  // namespace

TEST_CASE("requests with one unambiguous framing pass", "[proxy][server][framing]") {
  for (const std::string& fields : {std::string(""), std::string("Content-Length: 0\r\n"),
                                    std::string("Content-Length: 12\r\n"),
                                    std::string("Transfer-Encoding: chunked\r\n"),
                                    std::string("Transfer-Encoding: Chunked\r\n"),
                                    std::string("Transfer-Encoding:   chunked  \r\n")}) {
    INFO(fields);
    CHECK_FALSE(problem_of(request(fields)));
  }
  CHECK_FALSE(problem_of(request("Content-Length: 3\r\n", "1.0")));
}

// Beast takes these for requests without a body (or reads them by
// Content-Length while Transfer-Encoding says otherwise): their body would be
// the next request.
TEST_CASE("a Transfer-Encoding that is not exactly chunked is refused", "[proxy][server][framing]") {
  for (const char* coding : {"xchunked", "chunked, identity", "\"chunked\"", "identity", "gzip", "gzip, chunked",
                             "chunked, chunked", "chunked;q=1", "chunked,", ", chunked", "chunkedx", "chunk ed",
                             "deflate", ""}) {
    INFO(coding);
    auto header = parsed(request("Transfer-Encoding: " + std::string(coding) + "\r\n"));
    REQUIRE(header.ok());  // Beast takes every one of them
    CHECK(request_header_problem(*header) == "Transfer-Encoding must be exactly \"chunked\"");
  }
  SECTION("two fields, even when the last says chunked") {
    auto header = parsed(request("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"));
    REQUIRE(header.ok());
    CHECK(request_header_problem(*header) == "Transfer-Encoding must be exactly \"chunked\"");
  }
  SECTION("in an HTTP/1.0 request") {
    CHECK(problem_of(request("Transfer-Encoding: chunked\r\n", "1.0")) ==
          "Transfer-Encoding is not allowed in an HTTP/1.0 request");
  }
}

TEST_CASE("Transfer-Encoding with Content-Length is refused in either order", "[proxy][server][framing]") {
  for (const char* fields : {"Transfer-Encoding: gzip\r\nContent-Length: 5\r\n",
                             "Transfer-Encoding: xchunked\r\nContent-Length: 0\r\n",
                             "Transfer-Encoding: identity\r\nContent-Length: 40\r\n"}) {
    INFO(fields);
    CHECK(problem_of(request(fields)) == "a request may not have both Transfer-Encoding and Content-Length");
  }
  // Beast refuses these orders itself (read_request_header answers 400 "malformed request").
  for (const char* fields : {"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                             "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
                             "Content-Length: 5\r\nTransfer-Encoding: gzip\r\n"}) {
    INFO(fields);
    CHECK_FALSE(parsed(request(fields)).ok());
  }
}

TEST_CASE("duplicate or conflicting Content-Length is refused", "[proxy][server][framing]") {
  for (const char* fields : {"Content-Length: 0\r\nContent-Length: 0\r\n", "Content-Length: 5\r\nContent-Length: 5\r\n",
                             "Content-Length: 5, 5\r\n", "Content-Length: 0,0\r\n"}) {
    INFO(fields);
    CHECK(problem_of(request(fields)) == "a request may have only one Content-Length");
  }
  for (const char* fields : {"Content-Length: 0\r\nContent-Length: 40\r\n", "Content-Length: 5, 6\r\n",
                             "Content-Length: -1\r\n", "Content-Length: 1e3\r\n"}) {
    INFO(fields);
    CHECK_FALSE(parsed(request(fields)).ok());  // Beast's own 400
  }
}

TEST_CASE("duplicate Host is refused", "[proxy][server][framing]") {
  CHECK(problem_of("GET / HTTP/1.1\r\nHost: a.example.com\r\nHost: b.example.com\r\n\r\n") ==
        "a request may have only one Host header");
  CHECK(problem_of("GET / HTTP/1.1\r\nHost: a.example.com\r\nhost: a.example.com\r\n\r\n") ==
        "a request may have only one Host header");
}

TEST_CASE("read_request_header answers what it refuses and nothing to a client that left",
          "[proxy][server][framing]") {
  LimitsConfig limits;
  limits.header_limit = 1024;
  auto read = [&](std::string bytes, bool close_after) {
    asio::io_context io;
    asio::local::stream_protocol::socket client(io), server(io);
    asio::local::connect_pair(client, server);
    asio::write(client, asio::buffer(bytes));
    if (close_after) client.shutdown(asio::socket_base::shutdown_send);
    std::optional<Expected<void, HeaderRefusal>> result;
    beast::flat_buffer buffer;
    http::request_parser<http::empty_body> parser;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
      result.emplace(co_await read_request_header(server, buffer, parser, limits));
    }, asio::detached);
    io.run();
    REQUIRE(result.has_value());
    return std::move(*result);
  };

  auto ok = read(request("Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n", false);
  CHECK(ok.ok());

  auto smuggled = read(request("Transfer-Encoding: xchunked\r\n") + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", false);
  REQUIRE_FALSE(smuggled.ok());
  CHECK(smuggled.error().status == 400);
  CHECK(smuggled.error().message == "Transfer-Encoding must be exactly \"chunked\"");

  auto beast_refused = read(request("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"), false);
  REQUIRE_FALSE(beast_refused.ok());
  CHECK(beast_refused.error().status == 400);
  CHECK_THAT(beast_refused.error().message, Catch::Matchers::StartsWith("malformed request: "));

  auto too_large = read("GET / HTTP/1.1\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n", false);
  REQUIRE_FALSE(too_large.ok());
  CHECK(too_large.error().status == 431);

  auto gone = read("", true);
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().status == 0);
}

// The proxy speaks HTTP/1.1 to clients (no HTTP/2): an HTTP/2 pseudo-header
// such as ":authority" cannot name another host, because Beast refuses a
// field name with ':' (read_request_header answers 400 "malformed request").
TEST_CASE("a :authority pseudo-header is not a field an HTTP/1.1 request can carry", "[proxy][server][framing]") {
  CHECK_FALSE(parsed("GET / HTTP/1.1\r\nHost: api.example.com\r\n:authority: denied.example\r\n\r\n").ok());
  CHECK_FALSE(parsed("GET / HTTP/1.1\r\n:authority: denied.example\r\n\r\n").ok());
}
