// EngineClient: requests to the Docker Engine API over its unix socket (or
// tcp://), pinned to API version 1.41 so the JSON shapes are the ones this
// code reads.
//
// Contract:
// - call() sends one request with an optional JSON body and returns the
//   response body parsed as JSON ("" body → null). A connection failure is
//   RuntimeError::unavailable naming the socket and what to do; 404 is
//   not_found; any other status >= 400 is failed with Docker's own message.
// - open() returns a streaming response (events, logs, exec output) once its
//   header has arrived with a 2xx status; the caller reads it with read_some().
// - Each call uses its own connection: the client holds no state between
//   calls, so it may be used from any coroutine concurrently.
#pragma once
#include "lib/http/client.hpp"
#include "server/runtime/runtime.hpp"

#include <nlohmann/json.hpp>

namespace octobot::runtime {

inline constexpr const char* kDockerApiVersion = "1.41";

// The engine's address: `configured` when set ("unix:/path", "unix:///path",
// "tcp://host:port" or a bare socket path), else DOCKER_HOST, else
// unix:/var/run/docker.sock.
Expected<http::Endpoint, std::string> docker_endpoint(const std::string& configured);

class EngineClient {
 public:
  EngineClient(boost::asio::any_io_executor executor, http::Endpoint endpoint);

  boost::asio::awaitable<Result<nlohmann::json>> call(http::Method method, std::string target,
                                                      const nlohmann::json& body = nullptr);
  boost::asio::awaitable<Result<http::ResponseStream>> open(http::Method method, std::string target,
                                                            const nlohmann::json& body = nullptr);
  const http::Endpoint& endpoint() const { return endpoint_; }

 private:
  http::Request request(http::Method method, const std::string& target, const nlohmann::json& body) const;
  RuntimeError connection_error(const http::ClientError& error) const;

  boost::asio::any_io_executor executor_;
  http::Endpoint endpoint_;
};

// "/v1.41" + path.
std::string versioned(std::string_view path);
// Percent-encodes a query value (filters are JSON): lib/http's.
using http::query_escape;

}  // namespace octobot::runtime
