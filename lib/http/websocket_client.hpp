// A WebSocket client over plain TCP, and a relay between two WebSockets: the
// server uses them to pass a browser's terminal through to a sandbox's agent
// API (server/api/terminal.cpp).
//
// Contract:
// - connect_websocket() connects to host:port (a loopback service: no TLS),
//   sends the handshake for `target` with `headers`, and returns the open
//   socket (client timeouts: Beast's suggested ones). When the server answers
//   the handshake with something other than 101, the error says the status
//   and carries it (status), with the start of the body; a failure to connect
//   has status 0.
// - relay_websocket() copies every message each way, as text or binary as it
//   came, until one side closes or fails; it then closes the other side with
//   the same close code and reason (going_away when the side just vanished)
//   and returns once both directions ended.
#pragma once
#include "lib/http/websocket.hpp"
#include "lib/result.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace octobot::http {

using ClientWebSocket = beast::websocket::stream<beast::tcp_stream>;

struct WebSocketConnectError {
  unsigned status = 0;  // the HTTP status the server answered instead of 101, or 0
  std::string message;
};

asio::awaitable<Expected<std::unique_ptr<ClientWebSocket>, WebSocketConnectError>> connect_websocket(
    asio::any_io_executor executor, std::string host, std::uint16_t port, std::string target,
    std::vector<std::pair<std::string, std::string>> headers);

asio::awaitable<void> relay_websocket(WebSocket& client, ClientWebSocket& upstream);

}  // namespace octobot::http
