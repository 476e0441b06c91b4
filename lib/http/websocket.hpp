// WebSocket upgrade for a route handler.
//
// A handler checks is_websocket_upgrade() (answering 400 otherwise), then
// takes the connection and accepts:
//
//   WebSocket socket(exchange.take_stream());
//   if (auto ec = co_await accept_websocket(exchange, socket)) co_return Response{};
//   ... co_await socket.async_read(...) / async_write(...) ...
//
// accept_websocket() completes the handshake with the original request and
// installs Beast's server timeouts (handshake limit, idle pings), replacing the
// HTTP deadline; the stream stays owned by the connection, which the server
// closes on shutdown.
#pragma once
#include "lib/http/exchange.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/websocket.hpp>

namespace octobot::http {

// Over the server connection, TCP or unix-domain alike.
using WebSocket = beast::websocket::stream<Stream&>;

bool is_websocket_upgrade(const Request& request);

asio::awaitable<beast::error_code> accept_websocket(Exchange& exchange, WebSocket& socket);

}  // namespace octobot::http
