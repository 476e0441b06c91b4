#include "lib/http/websocket.hpp"

#include <boost/asio/as_tuple.hpp>

namespace octobot::http {

bool is_websocket_upgrade(const Request& request) { return beast::websocket::is_upgrade(request); }

asio::awaitable<beast::error_code> accept_websocket(Exchange& exchange, WebSocket& socket) {
  beast::get_lowest_layer(socket).expires_never();  // the websocket timeouts take over
  socket.set_option(beast::websocket::stream_base::timeout::suggested(beast::role_type::server));
  socket.set_option(beast::websocket::stream_base::decorator([id = exchange.request_id()](beast::websocket::response_type& response) {
    response.set("X-Request-Id", id);
  }));
  auto [ec] = co_await socket.async_accept(exchange.request(), asio::as_tuple(asio::use_awaitable));
  co_return ec;
}

}  // namespace octobot::http
