// Resolve-once dialing with SSRF defence (DESIGN.md §7).
//
// Contract of dial(): the host is resolved exactly once (an IP literal is not
// resolved at all); every address is checked with Policy::address_allowed();
// only addresses that passed are dialed, in resolver order, each with the
// connect timeout, and the socket returned is connected to one of exactly
// those addresses. So a second DNS answer (rebinding) is never consulted.
// Failures are values: `denied` when every address was refused by policy
// (answer 403), `dns` when the name does not resolve and `connect` when no
// allowed address accepted a connection (answer 502).
#pragma once
#include "proxy/config/policy.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <string>

namespace octobot::proxy {

struct DialFailure {
  enum class Kind { denied, dns, connect } kind;
  std::string message;  // names the host; no secrets
};

struct Dialed {
  boost::asio::ip::tcp::socket socket;
  boost::asio::ip::tcp::endpoint endpoint;
};

boost::asio::awaitable<Expected<Dialed, DialFailure>> dial(const std::string& host, std::uint16_t port,
                                                           const Policy& policy,
                                                           std::chrono::milliseconds connect_timeout);

}  // namespace octobot::proxy
