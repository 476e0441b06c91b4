#include "agent-api/acp/json_rpc_peer.hpp"

#include "lib/log/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace octobot::acp {

namespace {
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
}

JsonRpcPeer::JsonRpcPeer(asio::any_io_executor executor, int write_fd, int read_fd)
    : output_(executor, write_fd), input_(executor, read_fd) {}

void JsonRpcPeer::start(NotificationHandler on_notification, RequestHandler on_request,
                        std::function<void()> on_closed) {
  on_notification_ = std::move(on_notification);
  on_request_ = std::move(on_request);
  on_closed_ = std::move(on_closed);
  asio::co_spawn(input_.get_executor(), [self = shared_from_this()] { return self->read_loop(); }, asio::detached);
}

asio::awaitable<void> JsonRpcPeer::read_loop() {
  std::string buffer;
  while (!closed_) {
    auto [error, size] = co_await asio::async_read_until(input_, asio::dynamic_buffer(buffer, kMaxLineBytes), '\n',
                                                         kAsTuple);
    if (error) {
      close(error == asio::error::eof ? "the agent closed its output"
                                      : "reading from the agent failed: " + error.message());
      co_return;
    }
    std::string line = buffer.substr(0, size - 1);
    buffer.erase(0, size);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Json message = Json::parse(line, nullptr, false);
    if (!message.is_object()) {
      log::warn("agent wrote a line that is not a JSON-RPC message", Json{{"line", line.substr(0, 200)}});
      continue;
    }
    dispatch(std::move(message));
  }
}

void JsonRpcPeer::dispatch(Json message) {
  const bool has_id = message.contains("id") && !message["id"].is_null();
  if (message.contains("method") && message["method"].is_string()) {
    const std::string method = message["method"];
    const Json params = message.value("params", Json::object());
    if (has_id) {
      if (on_request_) on_request_(message["id"], method, params);
    } else if (on_notification_) {
      on_notification_(method, params);
    }
    return;
  }
  if (!has_id || !message["id"].is_number_integer()) return;  // a response to nothing we sent
  const std::int64_t id = message["id"];
  if (message.contains("error")) {
    const Json& error = message["error"];
    const Json message_field = error.is_object() ? error.value("message", Json()) : Json();
    std::string text = message_field.is_string() ? message_field.get<std::string>() : error.dump();
    if (error.is_object() && error.contains("data") && !error["data"].is_null()) {
      text += ": " + (error["data"].is_string() ? error["data"].get<std::string>() : error["data"].dump());
    }
    const Json code = error.is_object() ? error.value("code", Json()) : Json();
    finish_call(id, RpcError{code.is_number_integer() ? code.get<int>() : -32603, text});
  } else {
    finish_call(id, message.value("result", Json()));
  }
}

void JsonRpcPeer::finish_call(std::int64_t id, Expected<Json, RpcError> outcome) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  it->second->outcome = std::move(outcome);
  it->second->timer->cancel();
  pending_.erase(it);
}

asio::awaitable<Expected<Json, RpcError>> JsonRpcPeer::call(std::string method, Json params,
                                                           std::chrono::milliseconds timeout) {
  if (closed_) co_return RpcError{0, close_reason_};
  const std::int64_t id = next_id_++;
  asio::steady_timer timer(input_.get_executor(), timeout);
  PendingCall pending{&timer, std::nullopt};
  pending_[id] = &pending;
  send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
  (void)co_await timer.async_wait(kAsTuple);
  if (pending.outcome) co_return std::move(*pending.outcome);
  pending_.erase(id);
  co_return RpcError{0, method + " timed out after " + std::to_string(timeout.count() / 1000) + " s"};
}

void JsonRpcPeer::notify(std::string method, Json params) {
  send({{"jsonrpc", "2.0"}, {"method", std::move(method)}, {"params", std::move(params)}});
}

void JsonRpcPeer::respond(const Json& id, Json result) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void JsonRpcPeer::respond_error(const Json& id, int code, std::string message) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", std::move(message)}}}});
}

void JsonRpcPeer::send(Json message) {
  if (closed_) return;
  outbox_.push_back(message.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n");
  if (writing_) return;
  writing_ = true;
  asio::co_spawn(output_.get_executor(), [self = shared_from_this()] { return self->write_loop(); },
                 asio::detached);
}

asio::awaitable<void> JsonRpcPeer::write_loop() {
  while (!outbox_.empty() && !closed_) {
    std::string line = std::move(outbox_.front());
    outbox_.pop_front();
    auto [error, written] = co_await asio::async_write(output_, asio::buffer(line), kAsTuple);
    if (error) {
      close("writing to the agent failed: " + error.message());
      break;
    }
  }
  writing_ = false;
}

void JsonRpcPeer::close(std::string reason) {
  if (closed_) return;
  closed_ = true;
  close_reason_ = std::move(reason);
  boost::system::error_code ignored;
  input_.close(ignored);
  output_.close(ignored);
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& [id, call] : pending) {
    call->outcome = RpcError{0, close_reason_};
    call->timer->cancel();
  }
  if (on_closed_) {
    auto on_closed = std::move(on_closed_);
    on_closed();
  }
}

}  // namespace octobot::acp
