// GET /api/projects/{projectId}/events: the project's event log as SSE.
//
// Replays events after Last-Event-ID (header) or ?lastEventId=, otherwise
// starts with events newer than the connection. Each event carries its log id
// as the SSE id; a keep-alive comment goes out every 15 s of silence.
#include "lib/http/sse.hpp"
#include "server/service/wire.hpp"
#include "server/api/routes.hpp"

#include <charconv>

namespace octobot::api {

namespace {

constexpr std::size_t kBatch = 500;
constexpr auto kKeepAlive = std::chrono::seconds(15);

std::optional<std::int64_t> parse_event_id(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// Where the stream starts: the client's last id, or "now".
http::Result<std::int64_t> starting_id(const Exchange& exchange, store::Store& store) {
  std::string given(exchange.request()["Last-Event-ID"]);
  if (given.empty()) given = exchange.query("lastEventId").value_or("");
  if (!given.empty()) {
    auto id = parse_event_id(given);
    if (!id) return ApiError::bad_request("Last-Event-ID must be a non-negative integer event id", "invalid_event_id");
    return *id;
  }
  auto last = store.last_event_id();
  if (!last) return to_api_error(service::describe(last.error(), "event"));
  return *last;
}

asio::awaitable<void> stream_events(Services& services, Exchange& exchange, std::int64_t last_id) {
  auto& stream = exchange.take_stream();
  http::SseWriter writer(stream);
  // Named, not a braced temporary: GCC 12 miscompiles array temporaries in co_await expressions.
  std::vector<std::pair<std::string, std::string>> headers{{std::string("X-Request-Id"), exchange.request_id()}};
  if (co_await writer.start(exchange.request(), headers)) co_return;
  auto subscription = services.context.hub.subscribe(co_await asio::this_coro::executor);
  while (true) {
    auto events = co_await off_io(
        services, [&] { return services.context.store.list_events_after(project_id(exchange), last_id, kBatch); });
    if (!events) co_return;  // the client reconnects with Last-Event-ID
    for (const auto& event : *events) {
      http::SseEvent sse{std::to_string(event.id), event.type, wire::render(event)};
      if (co_await writer.send(sse)) co_return;
      last_id = event.id;
    }
    if (events->size() == kBatch) continue;
    bool notified = co_await subscription->wait(kKeepAlive);
    if (!notified && co_await writer.comment("keep-alive")) co_return;
  }
}

}  // namespace

void add_event_routes(RouteTable& table) {
  Services& services = table.services();
  table.project_stream(Method::get, "/api/projects/{projectId}/events",
                       [&services](Exchange& exchange) -> asio::awaitable<Response> {
                         auto start = co_await off_io(
                             services, [&] { return starting_id(exchange, services.context.store); });
                         if (!start) co_return fail(start.error());
                         services.metrics.stream_opened();
                         try {
                           co_await stream_events(services, exchange, *start);
                         } catch (const boost::system::system_error&) {
                           // cancelled by shutdown
                         }
                         services.metrics.stream_closed();
                         co_return Response{};
                       });
}

}  // namespace octobot::api
