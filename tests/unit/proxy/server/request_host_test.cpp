// bind_request_host() and request_names_host(): a proxied request names the
// host it is sent to, or it is refused, and a credential only goes into a
// request that names the rule's host (RFC 9112 §3.2, §3.2.2).
#include "proxy/server/request_host.hpp"

#include <catch2/catch.hpp>

using namespace octobot::proxy;
namespace http = boost::beast::http;

namespace {

const Destination kTunnel{"api.example.com", 8443};  // an intercepted CONNECT api.example.com:8443

http::request_header<> request_to(std::string target, std::vector<std::string> hosts,
                                  http::verb method = http::verb::get) {
  http::request_header<> request;
  request.method(method);
  request.target(target);
  for (const auto& host : hosts) request.insert(http::field::host, host);
  return request;
}

std::string bind_error(http::request_header<> request, const Destination& destination, std::uint16_t port) {
  auto bound = bind_request_host(request, destination, port);
  REQUIRE_FALSE(bound.ok());
  return bound.error();
}

}  // namespace

TEST_CASE("a Host naming the tunnel's destination is accepted and sent canonical", "[proxy][server][host]") {
  for (const char* host : {"api.example.com:8443", "API.Example.COM:8443", "api.example.com.:8443",
                           "Api.Example.Com.:8443"}) {
    INFO(host);
    auto request = request_to("/v1/messages?x=1", {host});
    REQUIRE(bind_request_host(request, kTunnel, 443).ok());
    CHECK(request[http::field::host] == "api.example.com:8443");
    CHECK(request.target() == "/v1/messages?x=1");
    CHECK(request.count(http::field::host) == 1);
  }
  SECTION("the default port may be left out, either way") {
    const Destination standard{"api.example.com", 443};
    for (const char* host : {"api.example.com", "api.example.com:443", "API.EXAMPLE.COM."}) {
      INFO(host);
      auto request = request_to("/", {host});
      REQUIRE(bind_request_host(request, standard, 443).ok());
      CHECK(request[http::field::host] == "api.example.com");
    }
  }
  SECTION("IP literals compare as addresses") {
    const Destination v6{"::1", 8443};
    auto request = request_to("/", {"[0:0::1]:8443"});
    REQUIRE(bind_request_host(request, v6, 443).ok());
    CHECK(request[http::field::host] == "[::1]:8443");
  }
}

TEST_CASE("a missing Host is set from the destination", "[proxy][server][host]") {
  auto request = request_to("/path", {});
  REQUIRE(bind_request_host(request, kTunnel, 443).ok());
  CHECK(request[http::field::host] == "api.example.com:8443");
  auto plain = request_to("http://example.org/a", {});
  REQUIRE(bind_request_host(plain, Destination{"example.org", 80}, 80).ok());
  CHECK(plain[http::field::host] == "example.org");
  CHECK(plain.target() == "/a");
}

TEST_CASE("a Host naming anything else is refused", "[proxy][server][host]") {
  for (const char* host : {"denied.example", "denied.example:8443", "api.example.com:443", "api.example.com",
                           "api.example.com:1", "evil.api.example.com:8443", "api.example.com.evil:8443",
                           "127.0.0.1:8443", "api.example.com..:8443", "user@api.example.com:8443",
                           "api.example.com:8443/x", "api example.com:8443", "", ":8443", "[::1]:8443",
                           "api.example.com:08443x"}) {
    INFO(host);
    auto message = bind_error(request_to("/v1", {host}), kTunnel, 443);
    CHECK_THAT(message, Catch::Matchers::StartsWith("the Host header"));
    CHECK_THAT(message, Catch::Matchers::EndsWith("the request goes to api.example.com:8443"));
  }
  CHECK(bind_error(request_to("/v1", {"denied.example"}), kTunnel, 443) ==
        "the Host header names denied.example:443 but the request goes to api.example.com:8443");
}

TEST_CASE("duplicate Host headers are refused even when equal", "[proxy][server][host]") {
  for (auto hosts : {std::vector<std::string>{"api.example.com:8443", "api.example.com:8443"},
                     std::vector<std::string>{"api.example.com:8443", "denied.example"},
                     std::vector<std::string>{"denied.example", "api.example.com:8443"}}) {
    CHECK(bind_error(request_to("/", hosts), kTunnel, 443) == "a request may have only one Host header");
  }
}

TEST_CASE("an absolute-form target must name the destination", "[proxy][server][host]") {
  SECTION("inside interception: https by default on 443, http on 80") {
    auto same = request_to("https://API.example.com:8443/v1?q", {"api.example.com:8443"});
    REQUIRE(bind_request_host(same, kTunnel, 443).ok());
    CHECK(same.target() == "/v1?q");
    CHECK(same[http::field::host] == "api.example.com:8443");
    auto no_host = request_to("https://api.example.com:8443", {});
    REQUIRE(bind_request_host(no_host, kTunnel, 443).ok());
    CHECK(no_host.target() == "/");
    for (const char* target : {"https://denied.example:8443/v1", "https://api.example.com/v1",
                               "http://api.example.com/v1", "https://api.example.com:8444/v1",
                               "https://user@api.example.com:8443/", "ftp://api.example.com:8443/",
                               "api.example.com:8443", "v1/messages"}) {
      INFO(target);
      CHECK_THAT(bind_error(request_to(target, {"api.example.com:8443"}), kTunnel, 443),
                 Catch::Matchers::StartsWith("the request target "));
    }
  }
  SECTION("plain forwarding: the client's Host must agree with the URL") {
    const Destination url{"example.org", 8080};
    auto agreed = request_to("http://example.org:8080/x", {"EXAMPLE.org.:8080"});
    REQUIRE(bind_request_host(agreed, url, 80).ok());
    CHECK(agreed[http::field::host] == "example.org:8080");
    CHECK(agreed.target() == "/x");
    CHECK(bind_error(request_to("http://example.org:8080/x", {"denied.example"}), url, 80) ==
          "the Host header names denied.example:80 but the request goes to example.org:8080");
    CHECK(bind_error(request_to("http://example.org:8080/x", {"example.org"}), url, 80) ==
          "the Host header names example.org:80 but the request goes to example.org:8080");
  }
  SECTION("asterisk-form only for OPTIONS") {
    auto options = request_to("*", {"api.example.com:8443"}, http::verb::options);
    REQUIRE(bind_request_host(options, kTunnel, 443).ok());
    CHECK(options.target() == "*");
    auto get = request_to("*", {"api.example.com:8443"});
    CHECK_FALSE(bind_request_host(get, kTunnel, 443).ok());
  }
}

TEST_CASE("request_names_host: one Host naming the rule's host and an origin-form target", "[proxy][server][host]") {
  CHECK(request_names_host(request_to("/v1", {"api.example.com:8443"}), "api.example.com"));
  CHECK(request_names_host(request_to("/v1", {"API.example.com."}), "api.example.com"));
  CHECK_FALSE(request_names_host(request_to("/v1", {"denied.example"}), "api.example.com"));
  CHECK_FALSE(request_names_host(request_to("/v1", {}), "api.example.com"));
  CHECK_FALSE(request_names_host(request_to("/v1", {"api.example.com", "api.example.com"}), "api.example.com"));
  CHECK_FALSE(request_names_host(request_to("https://api.example.com/v1", {"api.example.com"}), "api.example.com"));
  CHECK_FALSE(request_names_host(request_to("/v1", {"user@api.example.com"}), "api.example.com"));
}
