// A session's terminal: GET /api/projects/{projectId}/sessions/{sessionId}/terminal?cols=C&rows=R,
// a WebSocket relayed message by message to a new shell of the session's agent API (the protocol:
// agent-api/terminal/terminal_session.hpp). Before the upgrade: the project check (RouteTable),
// the Origin check (a page of another site may open a WebSocket to any server: only the server's
// own origin or --public-url's may), the session started on demand, and the agent API's own
// handshake; a refusal of any of them is an ordinary JSON error, not a WebSocket.
#include "server/api/routes.hpp"
#include "lib/http/websocket_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include "server/runtime/sandbox_client.hpp"

#include <charconv>

namespace octobot::api {

namespace {

// ?name= as a terminal dimension: absent → fallback; 1..1000; nullopt otherwise.
std::optional<unsigned> dimension(const Exchange& exchange, const char* name, unsigned fallback) {
  const auto text = exchange.query(name);
  if (!text) return fallback;
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 1 || value > 1000) return std::nullopt;
  return value;
}

}  // namespace

void add_terminal_routes(RouteTable& table) {
  Services& services = table.services();
  table.project_stream(Method::get, "/api/projects/{projectId}/sessions/{sessionId}/terminal",
                       [&services](Exchange& exchange) -> asio::awaitable<Response> {
    if (!http::is_websocket_upgrade(exchange.request())) {
      co_return fail(ApiError::bad_request("the terminal is a WebSocket: send an upgrade request", "invalid_request"));
    }
    if (auto refused = services.cross_site.check_websocket(exchange.request())) co_return fail(*refused);
    auto id = id_param(exchange, "sessionId");
    if (!id) co_return fail(id.error());
    const auto columns = dimension(exchange, "cols", 80);
    const auto rows = dimension(exchange, "rows", 24);
    if (!columns || !rows) {
      co_return fail(ApiError::bad_request("cols and rows must be whole numbers from 1 to 1000", "invalid_field"));
    }
    auto access = co_await services.files.sandbox(project_id(exchange), *id);
    if (!access) co_return fail(access.error());
    runtime::SandboxClient client(co_await asio::this_coro::executor);
    auto upstream = co_await client.open_terminal(*access, *columns, *rows);
    if (!upstream) co_return fail(ApiError::unavailable(upstream.error().message));

    http::WebSocket socket(exchange.take_stream());
    if (auto error = co_await http::accept_websocket(exchange, socket)) {
      const boost::beast::websocket::close_reason reason(boost::beast::websocket::close_code::going_away);
      co_await (*upstream)->async_close(reason, asio::as_tuple(asio::use_awaitable));
      co_return Response{};
    }
    co_await http::relay_websocket(socket, **upstream);
    co_return Response{};
  });
}

}  // namespace octobot::api
