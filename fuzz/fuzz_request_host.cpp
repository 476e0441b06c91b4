// Fuzzes bind_request_host() and request_names_host() on arbitrary request
// headers, as Beast parses them. Properties: nothing crashes or throws; a
// request bind_request_host() accepts goes out in origin-form (or "*") with
// exactly one Host, which names the destination (so a credential for the
// destination's host may go into it: request_names_host() agrees) and never
// another host; a refused request is left for the caller to answer 400.
#include "fuzz/fuzz_check.hpp"
#include "proxy/server/request_host.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

namespace http = boost::beast::http;
using octobot::proxy::Destination;

// The first byte picks the destination: a name, an IPv4 or an IPv6 literal, on
// the scheme's port or another one.
Destination destination_for(std::uint8_t selector) {
  static const char* const hosts[] = {"api.example.com", "127.0.0.1", "::1", "localhost"};
  return Destination{hosts[selector % 4], static_cast<std::uint16_t>(selector & 4 ? 8443 : 443)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const Destination destination = destination_for(data[0]);
  http::request_parser<http::empty_body> parser;
  parser.eager(false);
  boost::beast::error_code error;
  parser.put(boost::asio::buffer(data + 1, size - 1), error);
  if (!parser.is_header_done()) return 0;
  http::request_header<>& request = parser.get();
  const auto hosts = request.count(http::field::host);
  const auto claimed = hosts == 1 ? octobot::proxy::parse_host_header(request[http::field::host], 443) : std::nullopt;
  const bool names_another_host = hosts > 1 || (claimed && *claimed != destination);
  if (!octobot::proxy::bind_request_host(request, destination, 443)) return 0;  // answered 400, nothing relayed
  FUZZ_CHECK(!names_another_host);
  FUZZ_CHECK(request.count(http::field::host) == 1);
  FUZZ_CHECK(request.target().starts_with('/') || request.target() == "*");
  FUZZ_CHECK(octobot::proxy::request_names_host(request, destination.host));
  auto sent = octobot::proxy::parse_host_header(request[http::field::host], 443);
  FUZZ_CHECK(sent && *sent == destination);
  // Binding again changes nothing: what goes upstream is already canonical.
  const std::string host(request[http::field::host]);
  const std::string target(request.target());
  FUZZ_CHECK(octobot::proxy::bind_request_host(request, destination, 443).ok());
  FUZZ_CHECK(request[http::field::host] == host && request.target() == target);
  return 0;
}
