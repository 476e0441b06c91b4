// parse_byte_size(), parse_duration() and parse_listen_address().
#include "proxy/config/proxy_config.hpp"

#include <catch2/catch.hpp>

using namespace octobot::proxy;
using namespace std::chrono_literals;

TEST_CASE("byte sizes in binary and decimal units", "[proxy][config][values]") {
  CHECK(parse_byte_size("20GiB") == 20ull << 30);
  CHECK(parse_byte_size("512MiB") == 512ull << 20);
  CHECK(parse_byte_size("64KiB") == 64ull << 10);
  CHECK(parse_byte_size("2TiB") == 2ull << 40);
  CHECK(parse_byte_size("10GB") == 10'000'000'000ull);
  CHECK(parse_byte_size("100MB") == 100'000'000ull);
  CHECK(parse_byte_size("3KB") == 3'000ull);
  CHECK(parse_byte_size("1048576") == 1048576ull);
  CHECK(parse_byte_size("7B") == 7ull);
  CHECK(parse_byte_size("20 gib") == 20ull << 30);  // one space and any case
  CHECK(parse_byte_size("0") == 0ull);
  CHECK(parse_byte_size("18446744073709551615") == 18446744073709551615ull);
}

TEST_CASE("malformed or overflowing byte sizes are refused", "[proxy][config][values]") {
  for (std::string_view text : {"", "GiB", "20 GiBs", "1.5GiB", "-1", "+1", " 20GiB", "20  GiB", "20G", "20XB",
                                "0x10", "18446744073709551616", "16777216TiB", "99999999999999999999999"}) {
    INFO(text);
    CHECK_FALSE(parse_byte_size(text).has_value());
  }
}

TEST_CASE("durations in ms, s, m, h or plain seconds", "[proxy][config][values]") {
  CHECK(parse_duration("500ms") == 500ms);
  CHECK(parse_duration("30s") == 30s);
  CHECK(parse_duration("5m") == 5min);
  CHECK(parse_duration("1h") == 1h);
  CHECK(parse_duration("45") == 45s);
  CHECK(parse_duration("2H") == 2h);
  for (std::string_view text : {"", "s", "1.5s", "-1s", "5 minutes", "1d", "1m30s", "99999999999999999999h",
                                "9223372036854775807s"}) {
    INFO(text);
    CHECK_FALSE(parse_duration(text).has_value());
  }
}

TEST_CASE("listen addresses", "[proxy][config][values]") {
  auto v4 = parse_listen_address("127.0.0.1:17080", false);
  REQUIRE(v4);
  CHECK(v4->host == "127.0.0.1");
  CHECK(v4->port == 17080);
  CHECK(v4->unix_path.empty());

  auto v6 = parse_listen_address("[::1]:443", false);
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 443);

  auto name = parse_listen_address("LocalHost:8080", false);
  REQUIRE(name);
  CHECK(name->host == "localhost");

  auto unix_socket = parse_listen_address("unix:/run/proxy.sock", true);
  REQUIRE(unix_socket);
  CHECK(unix_socket->unix_path == "/run/proxy.sock");
  CHECK(unix_socket->host.empty());
  CHECK(unix_socket->port == 0);

  CHECK(parse_listen_address("0.0.0.0:65535", false));
  for (std::string_view text : {"127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:", ":80", "::1:80",
                                "[127.0.0.1]:80", "[::1]80", "1.2.3:80", "bad host:80", "a.com:+80", "a.com:80x"}) {
    INFO(text);
    CHECK_FALSE(parse_listen_address(text, true).has_value());
  }
  CHECK_FALSE(parse_listen_address("unix:/run/proxy.sock", false).has_value());
  CHECK_FALSE(parse_listen_address("unix:relative.sock", true).has_value());
  CHECK_FALSE(parse_listen_address("unix:/" + std::string(200, 'a'), true).has_value());
}
