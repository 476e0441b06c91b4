// probe_tcp(): is anything accepting TCP connections at an address? (The
// agent API's GET /health asks it about the proxy.)
//
// Contract: completes with true when a TCP connection to `endpoint` is
// established within `timeout` (it is closed at once, nothing is sent), and
// with false when the connection is refused, fails or takes longer. Never
// throws (except on allocation failure); runs on the calling coroutine's
// executor.
#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>

namespace octobot::agent_api {

inline constexpr std::chrono::milliseconds kProbeTimeout{200};

boost::asio::awaitable<bool> probe_tcp(boost::asio::ip::tcp::endpoint endpoint,
                                       std::chrono::milliseconds timeout = kProbeTimeout);

}  // namespace octobot::agent_api
