#include "agent-api/terminal/terminal_routes.hpp"

#include "agent-api/terminal/terminal_session.hpp"
#include "lib/http/json.hpp"

#include <charconv>

namespace octobot::agent_api {

namespace {

using http::ApiError;
using http::Exchange;
using http::Response;

Response fail(const ApiError& error, const Exchange& exchange) {
  return http::error_response(error, exchange.request().version());
}

// ?name= as a terminal dimension: absent → fallback; 1..1000; nullopt otherwise.
std::optional<unsigned short> dimension(const Exchange& exchange, const char* name, unsigned short fallback) {
  const auto text = exchange.query(name);
  if (!text) return fallback;
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 1 || value > 1000) return std::nullopt;
  return static_cast<unsigned short>(value);
}

std::vector<std::string> with_terminal_variables(std::vector<std::string> environment) {
  std::erase_if(environment, [](const std::string& entry) {
    return entry.starts_with("TERM=") || entry.starts_with("COLORTERM=");
  });
  environment.emplace_back("TERM=xterm-256color");
  environment.emplace_back("COLORTERM=truecolor");
  return environment;
}

}  // namespace

void add_terminal_routes(http::Router& router, TerminalOptions terminal, const http::RouteOptions& options) {
  terminal.environment = with_terminal_variables(std::move(terminal.environment));
  router.add(http::Method::get, "/terminal", [terminal](Exchange& exchange) -> boost::asio::awaitable<Response> {
    if (!http::is_websocket_upgrade(exchange.request())) {
      co_return fail(ApiError::bad_request("GET /terminal is a WebSocket: send an upgrade request", "invalid_request"),
                     exchange);
    }
    const auto columns = dimension(exchange, "cols", 80);
    const auto rows = dimension(exchange, "rows", 24);
    if (!columns || !rows) {
      co_return fail(ApiError::bad_request("cols and rows must be whole numbers from 1 to 1000", "invalid_field"),
                     exchange);
    }
    proc::ProcessOptions process;
    process.environment = terminal.environment;
    process.working_directory = terminal.workspace;
    auto child = proc::start_in_terminal(terminal.shell, process, {*columns, *rows});
    if (!child) co_return fail(ApiError::internal("cannot start the shell: " + child.error()), exchange);

    http::WebSocket socket(exchange.take_stream());
    TerminalSession session(socket, *child);  // owns the terminal from here: the shell is reaped whatever happens
    if (auto error = co_await http::accept_websocket(exchange, socket)) {
      socket.next_layer().close();  // no client: run() sees it at once and ends the shell
    }
    co_await session.run();
    co_return Response{};
  }, options);
}

}  // namespace octobot::agent_api
