#include "agent-api/chat/chat_routes.hpp"

#include "lib/http/exchange.hpp"
#include "lib/http/json.hpp"
#include "lib/http/sse.hpp"
#include "lib/json/object_reader.hpp"

#include <charconv>

namespace octobot::agent_api {

namespace {

using http::ApiError;
using http::Exchange;
using http::Response;
namespace asio = boost::asio;

constexpr auto kKeepAlive = std::chrono::seconds(15);

Response fail(const ApiError& error, const Exchange& exchange) {
  return http::error_response(error, exchange.request().version());
}

Response ok(const Json& body, const Exchange& exchange, http::Status status = http::Status::ok) {
  return http::json_response(status, body, exchange.request().version());
}

ApiError to_api_error(const StartFailure& failure) {
  switch (failure.kind) {
    case ChatError::busy: return ApiError::conflict(failure.message);
    case ChatError::not_found: return ApiError::not_found(failure.message);
    case ChatError::invalid: break;
  }
  return ApiError::bad_request(failure.message, "invalid_field");
}

Expected<AgentSettings, ApiError> read_agent(const Json& object) {
  json::ObjectReader reader(object, "agent");
  AgentSettings agent;
  agent.type = reader.required_string("type");
  agent.model = reader.optional_string("model").value_or("");
  agent.system_prompt = reader.optional_string("systemPrompt").value_or("");
  if (auto env = reader.optional_string_map("env")) agent.env = *env;
  agent.mcp_servers = reader.optional_array("mcpServers").value_or(Json::array());
  agent.approval_policy = reader.optional_string("approvalPolicy").value_or("auto");
  if (agent.approval_policy != "auto" && agent.approval_policy != "ask") {
    reader.fail("approvalPolicy", "must be \"auto\" or \"ask\"");
  }
  const auto timeout = reader.optional_int("approvalTimeoutSeconds").value_or(600);
  if (timeout < 1 || timeout > 7 * 24 * 3600) reader.fail("approvalTimeoutSeconds", "must be 1 to 604800");
  agent.approval_timeout = std::chrono::seconds(timeout);
  if (auto error = reader.finish()) return ApiError::bad_request(error->message, error->code);
  return agent;
}

Expected<TurnRequest, ApiError> read_turn(const Json& body) {
  json::ObjectReader reader(body);
  TurnRequest request;
  request.message_id = reader.required_string("messageId");
  request.acp_session_id = reader.optional_string("acpSessionId").value_or("");
  Json agent_json = reader.optional_object("agent").value_or(Json());
  if (body.contains("prompt") && body["prompt"].is_string()) {
    request.prompt = Json::array({{{"type", "text"}, {"text", reader.required_string("prompt")}}});
  } else {
    request.prompt = reader.optional_array("prompt").value_or(Json::array());
  }
  if (!body.contains("agent")) reader.fail("agent", "is required");
  if (auto error = reader.finish()) return ApiError::bad_request(error->message, error->code);
  if (request.prompt.empty()) return ApiError::bad_request("field \"prompt\" is empty: send the user's message", "invalid_field");
  auto agent = read_agent(agent_json);
  if (!agent) return agent.error();
  request.agent = std::move(*agent);
  return request;
}

std::optional<std::size_t> parse_count(const std::optional<std::string>& text) {
  if (!text) return std::size_t{0};
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

asio::awaitable<void> stream_turn(ChatService& chat, Exchange& exchange, int turn, std::size_t offset) {
  auto& stream = exchange.take_stream();
  http::SseWriter writer(stream);
  if (co_await writer.start(exchange.request())) co_return;
  TurnLog& log = chat.log();
  while (log.turn() == turn) {
    while (offset < log.size() && log.turn() == turn) {
      // Named, not braced in the co_await: GCC 12 miscompiles temporaries there.
      const http::SseEvent event{std::to_string(offset + 1), std::nullopt, log.at(offset)};
      ++offset;
      if (co_await writer.send(event)) co_return;
    }
    if (log.turn() != turn) break;
    if (log.ended()) {
      const http::SseEvent done{std::nullopt, std::nullopt, "[DONE]"};
      (void)co_await writer.send(done);
      co_return;
    }
    const std::size_t before = log.size();
    co_await log.wait(turn, offset, kKeepAlive);
    if (log.size() == before && !log.ended() && log.turn() == turn && co_await writer.comment("keep-alive")) co_return;
  }
}

}  // namespace

void add_chat_routes(http::Router& router, ChatService& chat, const http::RouteOptions& options) {
  router.add(http::Method::post, "/chat", [&chat](Exchange& exchange) -> asio::awaitable<Response> {
    auto body = http::parse_json_object(exchange.request());
    if (!body) co_return fail(body.error(), exchange);
    auto request = read_turn(*body);
    if (!request) co_return fail(request.error(), exchange);
    auto turn = chat.start_turn(std::move(*request));
    if (!turn) co_return fail(to_api_error(turn.error()), exchange);
    co_return ok({{"turn", *turn}}, exchange, http::Status::accepted);
  }, options);

  router.add(http::Method::get, "/chat", [&chat](Exchange& exchange) -> asio::awaitable<Response> {
    co_return ok(chat.status(), exchange);
  }, options);

  router.add(http::Method::get, "/chat/stream", [&chat](Exchange& exchange) -> asio::awaitable<Response> {
    const auto offset = parse_count(exchange.query("offset"));
    const auto turn = parse_count(exchange.query("turn"));
    if (!offset || !turn) co_return fail(ApiError::bad_request("offset and turn must be non-negative integers"), exchange);
    if (chat.log().turn() == 0) co_return http::empty_response(http::Status::no_content, exchange.request().version());
    const int wanted = *turn == 0 ? chat.log().turn() : static_cast<int>(*turn);
    if (wanted != chat.log().turn()) {
      co_return fail(ApiError{http::Status::not_found, "turn_gone",
                              "turn " + std::to_string(wanted) + " is not the current turn (" +
                                  std::to_string(chat.log().turn()) + ")"},
                     exchange);
    }
    co_await stream_turn(chat, exchange, wanted, *offset);
    co_return Response{};
  }, options);

  router.add(http::Method::post, "/chat/cancel", [&chat](Exchange& exchange) -> asio::awaitable<Response> {
    co_return ok({{"cancelled", chat.cancel()}}, exchange);
  }, options);

  router.add(http::Method::post, "/chat/approvals/{id}", [&chat](Exchange& exchange) -> asio::awaitable<Response> {
    auto body = http::parse_json_object(exchange.request());
    if (!body) co_return fail(body.error(), exchange);
    json::ObjectReader reader(*body);
    auto approved = reader.optional_bool("approved");
    const bool always = reader.optional_bool("always").value_or(false);
    if (!approved) reader.fail("approved", "is required (true or false)");
    if (auto error = reader.finish()) co_return fail(ApiError::bad_request(error->message, error->code), exchange);
    auto answered = chat.answer(std::string(exchange.param("id")), *approved, always);
    if (!answered) co_return fail(to_api_error(answered.error()), exchange);
    co_return ok({{"approved", *approved}}, exchange);
  }, options);
}

}  // namespace octobot::agent_api
