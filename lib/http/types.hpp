// Common HTTP vocabulary for lib/http: request/response types and namespace aliases.
#pragma once
#include <utility>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstring>
#include <map>
#include <optional>
#include <string>

namespace octobot::http {

namespace asio = boost::asio;
namespace beast = boost::beast;

using Request = beast::http::request<beast::http::string_body>;
using Response = beast::http::response<beast::http::string_body>;
using Method = beast::http::verb;
using Status = beast::http::status;
using Field = beast::http::field;

// Path parameters captured by the router, e.g. {"projectId": "local"}.
using PathParams = std::map<std::string, std::string, std::less<>>;

// A server connection: a TCP or unix-domain stream socket (the generic protocol
// holds either) with Beast's per-operation timeouts. SseWriter and WebSocket
// work on it whatever the socket family.
using Protocol = asio::generic::stream_protocol;
using Stream = beast::basic_stream<Protocol, asio::any_io_executor, beast::unlimited_rate_policy>;

// The TCP endpoint a generic endpoint holds, or nullopt when it is not an IPv4
// or IPv6 one (e.g. a unix-domain peer).
inline std::optional<asio::ip::tcp::endpoint> to_tcp_endpoint(const Protocol::endpoint& endpoint) {
  int family = endpoint.data()->sa_family;
  asio::ip::tcp::endpoint tcp;
  if ((family != AF_INET && family != AF_INET6) || endpoint.size() > tcp.capacity()) return std::nullopt;
  std::memcpy(tcp.data(), endpoint.data(), endpoint.size());
  tcp.resize(endpoint.size());
  return tcp;
}

}  // namespace octobot::http
