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

asio::awaitable<Result<std::string>> exchange(asio::any_io_executor executor, const char* service,
                                              std::uint16_t port, const std::string& token, http::Method method,
                                              std::string target, std::string body) {
  if (port == 0) co_return RuntimeError{RuntimeError::Code::unavailable, std::string(service) + " has no published port"};
  http::Client client(executor, loopback(port), sandbox_options());
  http::Headers headers{{"Authorization", "Bearer " + token}};
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  auto response = co_await client.send(http::make_request(method, std::move(target), std::move(body), headers));
  if (!response) co_return RuntimeError{RuntimeError::Code::unavailable, std::string(service) + ": " + response.error().message};
  if (response->result_int() != 200) {
    co_return RuntimeError{RuntimeError::Code::failed, std::string(service) + " answered " +
                                                           std::to_string(response->result_int()) + ": " +
                                                           message_of(response->body())};
  }
  co_return std::move(response->body());
}

}  // namespace

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

}  // namespace octobot::runtime
