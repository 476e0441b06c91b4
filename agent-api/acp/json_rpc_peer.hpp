// JsonRpcPeer: JSON-RPC 2.0 over a pair of pipes, one message per line (the
// Agent Client Protocol's stdio transport), on a single-threaded io_context.
//
// Contract:
// - call() sends a request with a fresh integer id and completes with the
//   peer's result, or an RpcError: the peer's error object, a timeout, or the
//   connection closing (every pending call fails then, with the reason given
//   to close() or "the agent closed its output").
// - notify() sends a notification; respond()/respond_error() answer a request
//   the peer sent. Writes go out in order; a write error closes the peer.
// - Incoming requests and notifications go to the handlers given to start(),
//   in arrival order. A line that is not a JSON object is logged and skipped;
//   a line longer than kMaxLineBytes closes the connection.
// - on_closed runs once, after the read side ends or close() is called.
// - Use from the io_context's thread only.
#pragma once
#include "lib/result.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace octobot::acp {

namespace asio = boost::asio;
using Json = nlohmann::json;

struct RpcError {
  int code = 0;  // JSON-RPC code; 0 for transport failures (timeout, closed)
  std::string message;
};

class JsonRpcPeer : public std::enable_shared_from_this<JsonRpcPeer> {
 public:
  static constexpr std::size_t kMaxLineBytes = 64 * 1024 * 1024;
  using NotificationHandler = std::function<void(const std::string& method, const Json& params)>;
  using RequestHandler = std::function<void(const Json& id, const std::string& method, const Json& params)>;

  // Takes ownership of both descriptors (non-blocking pipe ends).
  JsonRpcPeer(asio::any_io_executor executor, int write_fd, int read_fd);

  void start(NotificationHandler on_notification, RequestHandler on_request, std::function<void()> on_closed);
  asio::awaitable<Expected<Json, RpcError>> call(std::string method, Json params, std::chrono::milliseconds timeout);
  void notify(std::string method, Json params);
  void respond(const Json& id, Json result);
  void respond_error(const Json& id, int code, std::string message);
  void close(std::string reason);
  bool closed() const { return closed_; }

 private:
  struct PendingCall {
    asio::steady_timer* timer = nullptr;
    std::optional<Expected<Json, RpcError>> outcome;
  };

  asio::awaitable<void> read_loop();
  asio::awaitable<void> write_loop();
  void send(Json message);
  void dispatch(Json message);
  void finish_call(std::int64_t id, Expected<Json, RpcError> outcome);

  asio::posix::stream_descriptor output_;  // the peer's stdin
  asio::posix::stream_descriptor input_;   // the peer's stdout
  NotificationHandler on_notification_;
  RequestHandler on_request_;
  std::function<void()> on_closed_;
  std::deque<std::string> outbox_;
  bool writing_ = false;
  bool closed_ = false;
  std::string close_reason_;
  std::int64_t next_id_ = 1;
  std::map<std::int64_t, PendingCall*> pending_;
};

}  // namespace octobot::acp
