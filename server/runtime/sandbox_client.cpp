#include "server/runtime/sandbox_client.hpp"

#include "lib/http/client.hpp"

namespace octobot::runtime {
namespace asio = boost::asio;
using nlohmann::json;

namespace {

http::ClientOptions sandbox_options() {
  http::ClientOptions options;
  options.connect_timeout = std::chrono::seconds(2);
  options.write_timeout = std::chrono::seconds(5);
  options.read_timeout = std::chrono::seconds(10);
  options.max_idle_connections = 0;
  return options;
}

http::Endpoint loopback(std::uint16_t port) {
  http::Endpoint endpoint;
  endpoint.host = "127.0.0.1";
  endpoint.port = port;
  return endpoint;
}

// {"error": {"message": ...}} or the start of the body.
std::string message_of(const std::string& body) {
  auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_object()) {
    return parsed["error"].value("message", "");
  }
  return body.substr(0, 200);
}

// One request; a 2xx status gives the body, 404 is not_found, anything else failed (with the service's message).
asio::awaitable<Result<std::string>> exchange(asio::any_io_executor executor, const char* service,
                                              std::uint16_t port, const std::string& token, http::Method method,
                                              std::string target, std::string body,
                                              std::chrono::seconds read_timeout = std::chrono::seconds(10)) {
  if (port == 0) co_return RuntimeError{RuntimeError::Code::unavailable, std::string(service) + " has no published port"};
  auto options = sandbox_options();
  options.read_timeout = read_timeout;
  options.body_limit = 512 * 1024 * 1024;
  http::Client client(executor, loopback(port), options);
  http::Headers headers{{"Authorization", "Bearer " + token}};
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  auto response = co_await client.send(http::make_request(method, std::move(target), std::move(body), headers));
  if (!response) co_return RuntimeError{RuntimeError::Code::unavailable, std::string(service) + ": " + response.error().message};
  const unsigned status = response->result_int();
  if (status < 200 || status > 299) {
    co_return RuntimeError{status == 404 ? RuntimeError::Code::not_found : RuntimeError::Code::failed,
                           std::string(service) + " answered " +
                                                           std::to_string(response->result_int()) + ": " +
                                                           message_of(response->body())};
  }
  co_return std::move(response->body());
}

// One request to the agent API whose answer, whatever its status, goes back to the client.
asio::awaitable<Result<AgentApiReply>> relay(asio::any_io_executor executor, const SandboxAccess& access,
                                             http::Method method, std::string target, std::string body) {
  if (access.api_port == 0) co_return RuntimeError{RuntimeError::Code::unavailable, "the agent API has no published port"};
  auto options = sandbox_options();
  options.body_limit = 32 * 1024 * 1024;
  options.read_timeout = std::chrono::seconds(300);  // a push or a restore of a large repository
  http::Client client(executor, loopback(access.api_port), options);
  http::Headers headers{{"Authorization", "Bearer " + access.api_token}};
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  auto response = co_await client.send(http::make_request(method, std::move(target), std::move(body), headers));
  if (!response) co_return RuntimeError{RuntimeError::Code::unavailable, "the agent API: " + response.error().message};
  auto parsed = json::parse(response->body(), nullptr, false);
  if (parsed.is_discarded()) {
    co_return RuntimeError{RuntimeError::Code::failed, "the agent API answered " +
                                                           std::to_string(response->result_int()) + " without JSON"};
  }
  co_return AgentApiReply{response->result_int(), std::move(parsed)};
}

}  // namespace

asio::awaitable<Result<AgentApiReply>> SandboxClient::list_files(const SandboxAccess& access, const std::string& path) {
  std::string target = "/files?path=" + http::query_escape(path);  // named: no temporaries in co_await arguments
  co_return co_await relay(executor_, access, http::Method::get, std::move(target), std::string());
}

asio::awaitable<Result<AgentApiReply>> SandboxClient::read_file(const SandboxAccess& access, const std::string& path) {
  std::string target = "/files/content?path=" + http::query_escape(path);
  co_return co_await relay(executor_, access, http::Method::get, std::move(target), std::string());
}

asio::awaitable<Result<AgentApiReply>> SandboxClient::write_file(const SandboxAccess& access, const json& body) {
  std::string target = "/files/content";
  std::string text = body.dump();
  co_return co_await relay(executor_, access, http::Method::put, std::move(target), std::move(text));
}

asio::awaitable<Result<AgentApiReply>> SandboxClient::diff(const SandboxAccess& access, bool stat_only,
                                                          const std::string& path) {
  std::string target = std::string("/diff?stat=") + (stat_only ? "1" : "0") + "&path=" + http::query_escape(path);
  co_return co_await relay(executor_, access, http::Method::get, std::move(target), std::string());
}

asio::awaitable<Result<AgentApiReply>> SandboxClient::turns(const SandboxAccess& access) {
  std::string target = "/turns";
  co_return co_await relay(executor_, access, http::Method::get, std::move(target), std::string());
}

asio::awaitable<Result<json>> SandboxClient::health(const SandboxAccess& access) {
  auto body = co_await exchange(executor_, "the agent API", access.api_port, access.api_token, http::Method::get,
                                "/health", {});
  if (!body) co_return body.error();
  auto parsed = json::parse(*body, nullptr, false);
  if (!parsed.is_object()) co_return RuntimeError{RuntimeError::Code::failed, "the agent API's health is not JSON"};
  co_return parsed;
}

asio::awaitable<Result<>> SandboxClient::put_proxy_policy(const SandboxAccess& access, const json& policy) {
  auto body = co_await exchange(executor_, "the session proxy", access.proxy_port, access.proxy_token,
                                http::Method::put, "/config", policy.dump());
  if (!body) co_return body.error();
  co_return Result<>{};
}

asio::awaitable<Result<std::int64_t>> SandboxClient::start_turn(const SandboxAccess& access, const json& request) {
  auto body = co_await exchange(executor_, "the agent API", access.api_port, access.api_token, http::Method::post,
                                "/chat", request.dump(-1, ' ', false, json::error_handler_t::replace));
  if (!body) co_return body.error();
  auto parsed = json::parse(*body, nullptr, false);
  if (!parsed.is_object() || !parsed["turn"].is_number_integer()) {
    co_return RuntimeError{RuntimeError::Code::failed, "the agent API's POST /chat answer has no turn"};
  }
  co_return parsed["turn"].get<std::int64_t>();
}

asio::awaitable<Result<std::vector<std::string>>> TurnStream::next() {
  std::vector<std::string> chunks;
  if (done_) co_return chunks;
  auto bytes = co_await stream_.read_some();
  if (!bytes) co_return RuntimeError{RuntimeError::Code::unavailable, "the agent API's stream broke: " + bytes.error().message};
  if (bytes->empty()) co_return RuntimeError{RuntimeError::Code::unavailable, "the agent API's stream ended early"};
  for (auto& event : parser_.feed(*bytes)) {
    if (event.data == "[DONE]") {
      done_ = true;
      break;
    }
    chunks.push_back(std::move(event.data));
  }
  co_return chunks;
}

asio::awaitable<Result<TurnStream>> SandboxClient::open_turn_stream(const SandboxAccess& access, std::int64_t turn,
                                                                   std::int64_t offset) {
  if (access.api_port == 0) co_return RuntimeError{RuntimeError::Code::unavailable, "the agent API has no published port"};
  auto options = sandbox_options();
  options.read_timeout = std::chrono::seconds(60);  // the agent API sends a keep-alive every 15 s
  http::Client client(executor_, loopback(access.api_port), options);
  http::Headers headers{{"Authorization", "Bearer " + access.api_token}, {"Accept", "text/event-stream"}};
  const std::string target = "/chat/stream?turn=" + std::to_string(turn) + "&offset=" + std::to_string(offset);
  auto stream = co_await client.open(http::make_request(http::Method::get, target, {}, headers));
  if (!stream) co_return RuntimeError{RuntimeError::Code::unavailable, "the agent API: " + stream.error().message};
  if (stream->status() == 204 || stream->status() == 404) {
    co_return RuntimeError{RuntimeError::Code::not_found, "the agent API no longer has turn " + std::to_string(turn)};
  }
  if (stream->status() != 200) {
    co_return RuntimeError{RuntimeError::Code::failed,
                           "the agent API answered " + std::to_string(stream->status()) + " to " + target};
  }
  co_return TurnStream(std::move(*stream));
}

asio::awaitable<Result<>> SandboxClient::cancel_turn(const SandboxAccess& access) {
  auto body = co_await exchange(executor_, "the agent API", access.api_port, access.api_token, http::Method::post,
                                "/chat/cancel", "{}");
  if (!body) co_return body.error();
  co_return Result<>{};
}

asio::awaitable<Result<>> SandboxClient::answer_approval(const SandboxAccess& access, const std::string& approval_id,
                                                         const json& answer) {
  auto body = co_await exchange(executor_, "the agent API", access.api_port, access.api_token, http::Method::post,
                                "/chat/approvals/" + approval_id, answer.dump());
  if (!body) co_return body.error();
  co_return Result<>{};
}

asio::awaitable<Result<std::unique_ptr<http::ClientWebSocket>>> SandboxClient::open_terminal(const SandboxAccess& access,
                                                                                           unsigned columns,
                                                                                           unsigned rows) {
  if (access.api_port == 0) co_return RuntimeError{RuntimeError::Code::unavailable, "the agent API has no published port"};
  std::string target = "/terminal?cols=" + std::to_string(columns) + "&rows=" + std::to_string(rows);
  std::vector<std::pair<std::string, std::string>> headers{{"Authorization", "Bearer " + access.api_token}};
  auto socket = co_await http::connect_websocket(executor_, "127.0.0.1", access.api_port, std::move(target),
                                                 std::move(headers));
  if (!socket) {
    const auto code = socket.error().status ? RuntimeError::Code::failed : RuntimeError::Code::unavailable;
    co_return RuntimeError{code, "the agent API's terminal: " + socket.error().message};
  }
  co_return std::move(socket).value();
}

asio::awaitable<Result<AgentApiReply>> SandboxClient::commit_work(const SandboxAccess& access, const std::string& message) {
  std::string body = json{{"message", message}}.dump();
  co_return co_await relay(executor_, access, http::Method::post, "/work/commit", std::move(body));
}

asio::awaitable<Result<std::string>> SandboxClient::bundle_work(const SandboxAccess& access, const std::string& ref) {
  std::string target = "/work/bundle?ref=" + http::query_escape(ref);
  co_return co_await exchange(executor_, "the agent API", access.api_port, access.api_token, http::Method::get,
                              std::move(target), std::string(), std::chrono::seconds(300));
}

asio::awaitable<Result<AgentApiReply>> SandboxClient::patch_work(const SandboxAccess& access) {
  co_return co_await relay(executor_, access, http::Method::get, "/work/patch", std::string());
}

asio::awaitable<Result<AgentApiReply>> SandboxClient::push_work(const SandboxAccess& access, const json& request) {
  std::string body = request.dump();
  co_return co_await relay(executor_, access, http::Method::post, "/work/push", std::move(body));
}

asio::awaitable<Result<AgentApiReply>> SandboxClient::restore_snapshot(const SandboxAccess& access, std::string bundle,
                                                                       const std::string& snapshot,
                                                                       const std::string& base) {
  std::string target = "/work/restore?snapshot=" + http::query_escape(snapshot) + "&base=" + http::query_escape(base);
  co_return co_await relay(executor_, access, http::Method::post, std::move(target), std::move(bundle));
}

}  // namespace octobot::runtime
