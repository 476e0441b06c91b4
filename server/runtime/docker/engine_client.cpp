#include "server/runtime/docker/engine_client.hpp"

#include <cctype>
#include <cstdlib>

namespace octobot::runtime {
namespace asio = boost::asio;
using nlohmann::json;

Expected<http::Endpoint, std::string> docker_endpoint(const std::string& configured) {
  std::string address = configured;
  if (address.empty()) {
    const char* docker_host = std::getenv("DOCKER_HOST");
    address = docker_host && *docker_host ? docker_host : "unix:///var/run/docker.sock";
  }
  if (address.starts_with("/")) address = "unix:" + address;
  if (address.starts_with("tcp://")) address = "http://" + address.substr(6);
  auto endpoint = http::Endpoint::parse(address);
  if (!endpoint) return "Docker address: " + endpoint.error();
  return std::move(endpoint).value();
}

std::string versioned(std::string_view path) { return std::string("/v") + kDockerApiVersion + std::string(path); }

EngineClient::EngineClient(asio::any_io_executor executor, http::Endpoint endpoint)
    : executor_(std::move(executor)), endpoint_(std::move(endpoint)) {}

http::Request EngineClient::request(http::Method method, const std::string& target, const json& body) const {
  http::Headers headers;
  if (!body.is_null()) headers.emplace_back("Content-Type", "application/json");
  return http::make_request(method, target, body.is_null() ? std::string() : body.dump(), headers);
}

RuntimeError EngineClient::connection_error(const http::ClientError& error) const {
  std::string message = "Docker is not reachable at " + endpoint_.to_string() + ": " + error.message;
  if (error.code == http::ClientError::Code::connect) {
    message += " (is Docker installed and running? `scripts/ensure-docker.sh` starts it)";
  }
  return {RuntimeError::Code::unavailable, std::move(message)};
}

namespace {

// Docker's error body is {"message": "..."}.
RuntimeError status_error(unsigned status, const std::string& body, const std::string& target) {
  std::string message;
  try {
    auto parsed = json::parse(body);
    if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string()) {
      message = parsed["message"].get<std::string>();
    }
  } catch (const json::exception&) {
  }
  if (message.empty()) message = body.substr(0, 200);
  auto code = status == 404 ? RuntimeError::Code::not_found : RuntimeError::Code::failed;
  auto path = target.substr(0, target.find('?'));
  return {code, "Docker refused " + path + " (" + std::to_string(status) + "): " + message};
}

http::ClientOptions engine_options() {
  http::ClientOptions options;
  options.connect_timeout = std::chrono::seconds(5);
  options.read_timeout = std::chrono::seconds(60);  // a stop waits for the container's grace period
  options.max_idle_connections = 0;
  return options;
}

}  // namespace

asio::awaitable<Result<json>> EngineClient::call(http::Method method, std::string target, const json& body) {
  http::Client client(executor_, endpoint_, engine_options());
  auto response = co_await client.send(request(method, target, body));
  if (!response) co_return connection_error(response.error());
  const unsigned status = response->result_int();
  if (status >= 400) co_return status_error(status, response->body(), target);
  if (response->body().empty()) co_return json(nullptr);
  try {
    co_return json::parse(response->body());
  } catch (const json::exception& e) {
    co_return RuntimeError{RuntimeError::Code::failed, "Docker sent a response that is not JSON for " + target};
  }
}

asio::awaitable<Result<http::ResponseStream>> EngineClient::open(http::Method method, std::string target,
                                                                  const json& body) {
  http::Client client(executor_, endpoint_, engine_options());
  auto stream = co_await client.open(request(method, target, body));
  if (!stream) co_return connection_error(stream.error());
  if (stream->status() >= 400) {
    std::string error_body;
    while (error_body.size() < 4096) {
      auto piece = co_await stream->read_some();
      if (!piece || piece->empty()) break;
      error_body += *piece;
    }
    co_return status_error(stream->status(), error_body, target);
  }
  co_return std::move(stream).value();
}

}  // namespace octobot::runtime
