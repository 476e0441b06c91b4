#include "proxy/tls/tls_host.hpp"

#include <catch2/catch.hpp>

using namespace octobot::proxy;

TEST_CASE("TLS hosts are canonical names or IP literals", "[proxy][tls]") {
  auto name = parse_tls_host("API.Example.COM.");
  REQUIRE(name);
  CHECK(name->name == "api.example.com");
  CHECK_FALSE(name->is_ip);

  auto v4 = parse_tls_host("127.0.0.1");
  REQUIRE(v4);
  CHECK(v4->name == "127.0.0.1");
  CHECK(v4->is_ip);

  auto v6 = parse_tls_host("[2001:DB8:0:0::1]");
  REQUIRE(v6);
  CHECK(v6->name == "2001:db8::1");
  CHECK(v6->is_ip);

  CHECK_FALSE(parse_tls_host(""));
  CHECK_FALSE(parse_tls_host("bad host"));
  CHECK_FALSE(parse_tls_host("fe80::1%eth0"));
  CHECK_FALSE(parse_tls_host("example.com:443"));
  CHECK_FALSE(parse_tls_host(std::string("a.com\0.evil", 11)));
}

TEST_CASE("SNI matching ignores case and one trailing dot", "[proxy][tls]") {
  CHECK(server_name_matches("Example.COM", "example.com"));
  CHECK(server_name_matches("example.com.", "example.com"));
  CHECK(server_name_matches("example.com", "example.com."));
  CHECK_FALSE(server_name_matches("example.com..", "example.com"));
  CHECK_FALSE(server_name_matches("www.example.com", "example.com"));
  CHECK_FALSE(server_name_matches("example.co", "example.com"));
  CHECK_FALSE(server_name_matches("", "example.com"));
}
