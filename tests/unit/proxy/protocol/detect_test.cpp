#include "proxy/protocol/detect.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace octobot::proxy;

namespace {
ProtocolGuess detect(std::string_view text) {
  return detect_protocol({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}
ProtocolGuess detect(std::initializer_list<std::uint8_t> bytes) {
  return detect_protocol({bytes.begin(), bytes.size()});
}
}  // namespace

TEST_CASE("nothing received yet needs more bytes", "[proxy][detect]") {
  CHECK(detect("") == ProtocolGuess::need_more);
}

TEST_CASE("SOCKS5 and TLS are told by the first byte", "[proxy][detect]") {
  CHECK(detect({0x05}) == ProtocolGuess::socks5);
  CHECK(detect({0x05, 0x01, 0x00}) == ProtocolGuess::socks5);
  CHECK(detect({0x16}) == ProtocolGuess::tls);
  CHECK(detect({0x16, 0x03, 0x01, 0x02, 0x00}) == ProtocolGuess::tls);
}

TEST_CASE("SOCKS4 and other first bytes are unknown", "[proxy][detect]") {
  CHECK(detect({0x04, 0x01, 0x00, 0x50}) == ProtocolGuess::unknown);
  CHECK(detect({0x00}) == ProtocolGuess::unknown);
  CHECK(detect({0xFF}) == ProtocolGuess::unknown);
  CHECK(detect({0x17}) == ProtocolGuess::unknown);
  CHECK(detect("get / HTTP/1.1") == ProtocolGuess::unknown);  // methods are uppercase
  CHECK(detect(" GET /") == ProtocolGuess::unknown);
  CHECK(detect("\r\nGET /") == ProtocolGuess::unknown);
}

TEST_CASE("an HTTP request line is recognised once its method token ends", "[proxy][detect]") {
  CHECK(detect("GET / HTTP/1.1\r\n") == ProtocolGuess::http);
  CHECK(detect("CONNECT example.com:443 HTTP/1.1\r\n") == ProtocolGuess::http);
  CHECK(detect("A ") == ProtocolGuess::http);
  const std::string connect = "CONNECT";
  for (std::size_t length = 1; length <= connect.size(); ++length) {
    INFO("prefix " << connect.substr(0, length));
    CHECK(detect(connect.substr(0, length)) == ProtocolGuess::need_more);
  }
  CHECK(detect("CONNECT ") == ProtocolGuess::http);
}

TEST_CASE("a method token is at most 16 uppercase letters", "[proxy][detect]") {
  const std::string sixteen(16, 'X');
  CHECK(detect(sixteen) == ProtocolGuess::need_more);
  CHECK(detect(sixteen + " /") == ProtocolGuess::http);
  CHECK(detect(sixteen + "X") == ProtocolGuess::unknown);
  CHECK(detect(sixteen + "X /") == ProtocolGuess::unknown);
  CHECK(detect("GeT /") == ProtocolGuess::unknown);
  CHECK(detect("GET\t/") == ProtocolGuess::unknown);
  CHECK(detect("GET/") == ProtocolGuess::unknown);
  CHECK(detect(std::string("GET\0 ", 5)) == ProtocolGuess::unknown);
}

TEST_CASE("a final answer never changes as more bytes arrive", "[proxy][detect]") {
  const std::vector<std::string> streams = {
      "GET http://example.com/ HTTP/1.1\r\n", "CONNECT a:443 HTTP/1.1", std::string("\x05\x01\x00", 3),
      "\x16\x03\x01", "GETX\x01 /", std::string(20, 'Q') + " /"};
  for (const std::string& stream : streams) {
    ProtocolGuess settled = ProtocolGuess::need_more;
    for (std::size_t length = 0; length <= stream.size(); ++length) {
      const ProtocolGuess guess = detect(std::string_view(stream).substr(0, length));
      INFO("stream " << stream << " length " << length);
      if (settled != ProtocolGuess::need_more) CHECK(guess == settled);
      settled = guess;
    }
    CHECK(settled != ProtocolGuess::need_more);
  }
}

TEST_CASE("guesses have names for the log", "[proxy][detect]") {
  CHECK(to_string(ProtocolGuess::need_more) == "need_more");
  CHECK(to_string(ProtocolGuess::http) == "http");
  CHECK(to_string(ProtocolGuess::socks5) == "socks5");
  CHECK(to_string(ProtocolGuess::tls) == "tls");
  CHECK(to_string(ProtocolGuess::unknown) == "unknown");
}
