#include "lib/http/websocket_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace octobot::http {

namespace {

using namespace boost::asio::experimental::awaitable_operators;
namespace websocket = beast::websocket;
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
constexpr auto kConnectTimeout = std::chrono::seconds(5);

// Copies messages from `from` to `to` until `from` ends; then closes `to` the way `from` closed.
template <class From, class To>
asio::awaitable<void> pump(From& from, To& to) {
  beast::flat_buffer buffer;
  while (true) {
    buffer.clear();
    auto [read_error, size] = co_await from.async_read(buffer, kAsTuple);
    if (read_error) break;
    to.binary(from.got_binary());
    auto [write_error, written] = co_await to.async_write(buffer.data(), kAsTuple);
    if (write_error) co_return;  // `to` is gone; its own pump ends on its read
  }
  if (!to.is_open()) co_return;
  websocket::close_reason reason = from.reason();
  if (reason.code == websocket::close_code::none) reason = websocket::close_reason(websocket::close_code::going_away);
  co_await to.async_close(reason, kAsTuple);
}

}  // namespace

asio::awaitable<Expected<std::unique_ptr<ClientWebSocket>, WebSocketConnectError>> connect_websocket(
    asio::any_io_executor executor, std::string host, std::uint16_t port, std::string target,
    std::vector<std::pair<std::string, std::string>> headers) {
  auto socket = std::make_unique<ClientWebSocket>(executor);
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(host), port);
  beast::get_lowest_layer(*socket).expires_after(kConnectTimeout);
  auto [connect_error] = co_await beast::get_lowest_layer(*socket).async_connect(endpoint, kAsTuple);
  if (connect_error) {
    co_return WebSocketConnectError{0, "cannot connect to " + host + ":" + std::to_string(port) + ": " +
                                           connect_error.message()};
  }
  beast::get_lowest_layer(*socket).expires_never();
  socket->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  socket->set_option(websocket::stream_base::decorator([headers](websocket::request_type& request) {
    for (const auto& [name, value] : headers) request.set(name, value);
  }));
  websocket::response_type response;
  const std::string host_header = host + ":" + std::to_string(port);
  auto [handshake_error] = co_await socket->async_handshake(response, host_header, target, kAsTuple);
  if (handshake_error) {
    const unsigned status = response.result_int();
    std::string message = "the WebSocket handshake with " + host_header + " failed: ";
    message += status ? "status " + std::to_string(status) + " " + response.body().substr(0, 300)
                      : handshake_error.message();
    co_return WebSocketConnectError{status, std::move(message)};
  }
  co_return std::move(socket);
}

asio::awaitable<void> relay_websocket(WebSocket& client, ClientWebSocket& upstream) {
  co_await (pump(client, upstream) && pump(upstream, client));
}

}  // namespace octobot::http
