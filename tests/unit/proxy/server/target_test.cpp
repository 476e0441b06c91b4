#include "proxy/server/access_log.hpp"
#include "proxy/server/target.hpp"

#include <catch2/catch.hpp>

using namespace octobot::proxy;

TEST_CASE("parse_authority accepts host:port, IPv4 and bracketed IPv6") {
  auto named = parse_authority("API.Example.com:443");
  REQUIRE(named);
  CHECK(named->host == "api.example.com");
  CHECK(named->port == 443);

  auto v4 = parse_authority("127.0.0.1:8080");
  REQUIRE(v4);
  CHECK(v4->host == "127.0.0.1");

  auto v6 = parse_authority("[::1]:443");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(authority_text(*v6) == "[::1]:443");
}

TEST_CASE("parse_authority refuses what is not a plain host and port") {
  for (const char* bad : {"example.com", "example.com:", "example.com:0", "example.com:65536", "example.com:80x",
                          "user@example.com:443", "::1:443", "[::1]443", "[::1", "exa mple.com:443", ":443",
                          "example.com:443:1", "[fe80::1%eth0]:443"}) {
    INFO(bad);
    CHECK_FALSE(parse_authority(bad));
  }
}

TEST_CASE("parse_absolute_http_url splits destination and origin-form target") {
  auto url = parse_absolute_http_url("http://Example.com:8080/a/b?c=d#frag");
  REQUIRE(url);
  CHECK(url->destination.host == "example.com");
  CHECK(url->destination.port == 8080);
  CHECK(url->origin_target == "/a/b?c=d");

  auto bare = parse_absolute_http_url("HTTP://example.com");
  REQUIRE(bare);
  CHECK(bare->destination.port == 80);
  CHECK(bare->origin_target == "/");

  auto query_only = parse_absolute_http_url("http://example.com?x=1");
  REQUIRE(query_only);
  CHECK(query_only->origin_target == "/?x=1");

  auto v6 = parse_absolute_http_url("http://[::1]:81/p");
  REQUIRE(v6);
  CHECK(v6->destination.host == "::1");
}

TEST_CASE("parse_absolute_http_url refuses other schemes, userinfo and bad ports") {
  for (const char* bad : {"/relative", "https://example.com/", "ftp://example.com/", "http://user:pw@example.com/",
                          "http://example.com:0/", "http://:80/", "http:///path", "http://exa_mple.com/"}) {
    INFO(bad);
    CHECK_FALSE(parse_absolute_http_url(bad));
  }
}

TEST_CASE("path_without_query drops query and fragment") {
  CHECK(path_without_query("/v2/x/blobs/sha256:ab?token=secret") == "/v2/x/blobs/sha256:ab");
  CHECK(path_without_query("/a#b") == "/a");
  CHECK(path_without_query("/plain") == "/plain");
}

TEST_CASE("parse_https_location follows https URLs and absolute paths only") {
  Destination registry{"registry.example", 5000};
  auto cdn = parse_https_location("https://CDN.example/blobs/ab?sig=1%2F2&e=3#x", registry);
  REQUIRE(cdn);
  CHECK(cdn->destination.host == "cdn.example");
  CHECK(cdn->destination.port == 443);
  CHECK(cdn->origin_target == "/blobs/ab?sig=1%2F2&e=3");

  auto ported = parse_https_location("https://[::1]:8443/x", registry);
  REQUIRE(ported);
  CHECK(ported->destination.host == "::1");
  CHECK(ported->destination.port == 8443);

  auto relative = parse_https_location("/v2/a/blobs/sha256:00?x=1", registry);
  REQUIRE(relative);
  CHECK(relative->destination.host == "registry.example");
  CHECK(relative->destination.port == 5000);
  CHECK(relative->origin_target == "/v2/a/blobs/sha256:00?x=1");

  for (const char* refused : {"http://cdn.example/x", "ftp://cdn.example/x", "//cdn.example/x", "blobs/x", "",
                              "https://cdn.example/a b", "https://cdn.example/a\r\nX-Injected: 1",
                              "https://user@cdn.example/x", "https://cdn.example:0/x", "https:///x"}) {
    INFO(refused);
    CHECK_FALSE(parse_https_location(refused, registry));
  }
}

TEST_CASE("parse_host_header: host, host:port, [v6]:port; the scheme's port when none is given") {
  auto named = parse_host_header("API.Example.com.", 443);
  REQUIRE(named);
  CHECK(*named == Destination{"api.example.com", 443});
  CHECK(*parse_host_header("example.com:8080", 443) == Destination{"example.com", 8080});
  CHECK(*parse_host_header("[::1]", 80) == Destination{"::1", 80});
  CHECK(*parse_host_header("[::1]:8443", 80) == Destination{"::1", 8443});
  for (const char* bad : {"", ":80", "user@example.com", "example.com:0", "example.com:x", "exa mple.com", "::1",
                          "example.com:80:80", "[fe80::1%eth0]"}) {
    INFO(bad);
    CHECK_FALSE(parse_host_header(bad, 80));
  }
}

TEST_CASE("parse_absolute_url takes http and https with their default ports") {
  CHECK(parse_absolute_url("https://Example.com/a")->destination == Destination{"example.com", 443});
  CHECK(parse_absolute_url("http://example.com/a")->destination == Destination{"example.com", 80});
  CHECK(parse_absolute_url("HTTPS://example.com:8443")->origin_target == "/");
  CHECK_FALSE(parse_absolute_url("ftp://example.com/"));
  CHECK_FALSE(parse_absolute_url("/relative"));
}

TEST_CASE("host_header_text leaves out the scheme's default port") {
  CHECK(host_header_text(Destination{"example.com", 443}, 443) == "example.com");
  CHECK(host_header_text(Destination{"example.com", 8443}, 443) == "example.com:8443");
  CHECK(host_header_text(Destination{"::1", 443}, 443) == "[::1]");
  CHECK(host_header_text(Destination{"::1", 80}, 443) == "[::1]:80");
}
