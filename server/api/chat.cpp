// Chat: /api/projects/{projectId}/sessions/{sessionId}/chat[...] (DESIGN §3).
//
// POST …/chat starts a turn and streams it as the Vercel AI SDK UI message
// stream (SSE, `x-vercel-ai-ui-message-stream: v1`, ending with
// "data: [DONE]"); GET …/chat/stream re-attaches to the running turn from its
// start (useChat's resume: 204 when none runs); POST …/chat/cancel and
// POST …/chat/approvals/{approvalId} are forwarded to the session's agent.
// The turn goes on when a client leaves (service/chat.hpp).
#include "lib/http/sse.hpp"
#include "server/api/routes.hpp"
#include "server/service/chat.hpp"

namespace octobot::api {

namespace {

constexpr auto kKeepAlive = std::chrono::seconds(15);
// A message may carry pasted images (data: URLs); more is refused with 413.
constexpr std::size_t kChatBodyLimit = 16 * 1024 * 1024;

// Streams `turn` from its first chunk until it ends or the client leaves.
asio::awaitable<void> stream_turn(Exchange& exchange, service::ChatTurn& turn) {
  auto& stream = exchange.take_stream();
  http::SseWriter writer(stream);
  std::vector<std::pair<std::string, std::string>> headers{{std::string("x-vercel-ai-ui-message-stream"), std::string("v1")},
                                                           {std::string("X-Request-Id"), exchange.request_id()}};
  if (co_await writer.start(exchange.request(), headers)) co_return;
  auto subscription = turn.subscribe(co_await asio::this_coro::executor);
  std::size_t offset = 0;
  while (true) {
    auto slice = turn.read(offset);
    for (auto& chunk : slice.chunks) {
      // Named, not braced in the co_await: GCC 12 miscompiles temporaries there.
      const http::SseEvent event{std::nullopt, std::nullopt, std::move(chunk)};
      if (co_await writer.send(event)) co_return;
    }
    offset += slice.chunks.size();
    if (slice.ended && slice.chunks.empty()) break;
    if (slice.ended) continue;  // read what arrived while sending, then end
    if (!co_await subscription->wait(kKeepAlive) && co_await writer.comment("keep-alive")) co_return;
  }
  const http::SseEvent done{std::nullopt, std::nullopt, "[DONE]"};
  (void)co_await writer.send(done);
}

asio::awaitable<Response> serve_stream(Services& services, Exchange& exchange,
                                       std::shared_ptr<service::ChatTurn> turn) {
  services.metrics.stream_opened();
  try {
    co_await stream_turn(exchange, *turn);
  } catch (const boost::system::system_error&) {
    // the server is shutting down
  }
  services.metrics.stream_closed();
  co_return Response{};
}

// The session id of the path, checked to be in the caller's project (404 otherwise).
asio::awaitable<service::Result<std::string>> session_in_project(Services& services, Exchange& exchange) {
  auto id = id_param(exchange, "sessionId");
  if (!id) co_return id.error();
  auto found = co_await off_io(services, [&] { return services.sessions.get(project_id(exchange), *id); });
  if (!found) co_return found.error();
  co_return *id;
}

}  // namespace

void add_chat_routes(RouteTable& table) {
  Services& services = table.services();
  service::ChatService& chat = services.chat;
  const std::string chat_path = "/api/projects/{projectId}/sessions/{sessionId}/chat";

  table.project_stream(Method::post, chat_path, [&services, &chat](Exchange& exchange) -> asio::awaitable<Response> {
    auto id = id_param(exchange, "sessionId");
    if (!id) co_return fail(id.error());
    auto body = read_body(exchange);
    if (!body) co_return fail(body.error());
    auto turn = co_await chat.send(project_id(exchange), *id, std::move(*body));
    if (!turn) co_return fail(turn.error());
    co_return co_await serve_stream(services, exchange, *turn);
  }, kChatBodyLimit);

  table.project_stream(Method::get, chat_path + "/stream", [&services, &chat](Exchange& exchange) -> asio::awaitable<Response> {
    auto id = co_await session_in_project(services, exchange);
    if (!id) co_return fail(id.error());
    auto turn = chat.current(*id);
    if (!turn) co_return no_content();
    co_return co_await serve_stream(services, exchange, turn);
  });

  table.project_stream(Method::post, chat_path + "/cancel", [&services, &chat](Exchange& exchange) -> asio::awaitable<Response> {
    auto id = co_await session_in_project(services, exchange);
    if (!id) co_return fail(id.error());
    auto cancelled = co_await chat.cancel(project_id(exchange), *id);
    if (!cancelled) co_return fail(cancelled.error());
    co_return accepted(Json{{"cancelled", true}}.dump());
  }, 64 * 1024);

  table.project_stream(Method::post, chat_path + "/approvals/{approvalId}",
                       [&services, &chat](Exchange& exchange) -> asio::awaitable<Response> {
    auto id = co_await session_in_project(services, exchange);
    if (!id) co_return fail(id.error());
    auto body = read_body(exchange);
    if (!body) co_return fail(body.error());
    json::ObjectReader reader(*body);
    auto approved = reader.optional_bool("approved");
    auto always = reader.optional_bool("always");
    (void)reader.optional_string("reason");
    if (!approved) reader.fail("approved", "is required: true to allow, false to reject");
    if (auto error = reader.finish()) co_return fail(*error);
    const std::string approval_id(exchange.param("approvalId"));
    const bool plain = !approval_id.empty() && approval_id.size() <= 100 &&
                       approval_id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") ==
                           std::string::npos;
    if (!plain) co_return fail(ApiError::not_found("no pending approval \"" + approval_id.substr(0, 100) + "\""));
    Json answer = {{"approved", *approved}, {"always", always.value_or(false)}};
    auto answered = co_await chat.answer(project_id(exchange), *id, approval_id, answer);
    if (!answered) co_return fail(answered.error());
    co_return ok(answer.dump());
  }, 64 * 1024);
}

}  // namespace octobot::api
