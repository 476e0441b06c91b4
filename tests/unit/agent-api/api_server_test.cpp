// agent-api/api_server: the real server in process on 127.0.0.1:0 — 200,
// 401, 404 and the proxy's state, with a local listener standing in for the
// proxy's port.
#include "agent-api/api_server.hpp"

#include "agent-api/version.hpp"
#include "lib/crypto/crypto.hpp"

#include <catch2/catch.hpp>

#include <thread>
#include <vector>
#include <sys/socket.h>
#include <unistd.h>

using octobot::agent_api::ApiConfig;
using octobot::agent_api::ApiServer;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

const std::string kToken = "session-api-token-0123456789";

// The agent API on its own thread.
class RunningApi {
 public:
  explicit RunningApi(tcp::endpoint proxy) {
    ApiConfig config;
    config.listen = {asio::ip::make_address("127.0.0.1"), 0};
    config.token_sha256 = octobot::crypto::sha256_hex(kToken);
    config.proxy_address = proxy;
    server_ = std::make_unique<ApiServer>(io_, config);
    auto bound = server_->listen();
    REQUIRE(bound.ok());
    endpoint_ = *bound;
    server_->start();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~RunningApi() {
    server_->shutdown();
    thread_.join();
  }

  struct Reply {
    unsigned status = 0;
    nlohmann::json body;
    std::string www_authenticate;
  };

  Reply get(const std::string& target, const std::string& authorization) const {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(endpoint_);
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    if (!authorization.empty()) request.set(http::field::authorization, authorization);
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    return {response.result_int(), nlohmann::json::parse(response.body()),
            std::string(response[http::field::www_authenticate])};
  }

 private:
  asio::io_context io_;
  std::unique_ptr<ApiServer> server_;
  tcp::endpoint endpoint_;
  std::thread thread_;
};

// A port on loopback where nothing listens (bound, then closed).
tcp::endpoint closed_port() {
  asio::io_context io;
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint();
}

}  // namespace

TEST_CASE("agent API: GET /health with the token, and the proxy up", "[agent-api][server]") {
  asio::io_context io;
  tcp::acceptor proxy(io, {asio::ip::make_address("127.0.0.1"), 0});  // the kernel completes connects
  RunningApi api(proxy.local_endpoint());
  const auto reply = api.get("/health", "Bearer " + kToken);
  CHECK(reply.status == 200);
  CHECK(reply.body["status"] == "ok");
  CHECK(reply.body["version"] == octobot::agent_api::version());
  CHECK(std::string(octobot::agent_api::version()).find('.') != std::string::npos);
  REQUIRE(reply.body["uptimeMs"].is_number_integer());
  CHECK(reply.body["uptimeMs"].get<std::int64_t>() >= 0);
  CHECK(reply.body["proxy"] == nlohmann::json{{"state", "up"}});
  CHECK(reply.body.size() == 4);
}

TEST_CASE("agent API: the proxy is down when nothing accepts on its port", "[agent-api][server]") {
  RunningApi api(closed_port());
  const auto started = std::chrono::steady_clock::now();
  const auto reply = api.get("/health", "Bearer " + kToken);
  CHECK(reply.status == 200);
  CHECK(reply.body["proxy"] == nlohmann::json{{"state", "down"}});
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(500));
}

TEST_CASE("agent API: the proxy probe gives up after about 200 ms", "[agent-api][server]") {
  // A listener whose accept queue is full: the kernel drops further SYNs, so
  // a connect hangs (as to a proxy that is stuck) until the probe's deadline.
  asio::io_context io;
  tcp::acceptor proxy(io, tcp::v4());
  proxy.bind({asio::ip::make_address("127.0.0.1"), 0});
  proxy.listen(0);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    const auto target = proxy.local_endpoint();
    ::connect(fd, target.data(), static_cast<socklen_t>(target.size()));  // EINPROGRESS, or done
    fillers.push_back(fd);
  }
  ::usleep(50'000);  // the handshakes of the first ones complete
  RunningApi api(proxy.local_endpoint());
  const auto started = std::chrono::steady_clock::now();
  const auto reply = api.get("/health", "Bearer " + kToken);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  for (const int fd : fillers) ::close(fd);
  CHECK(reply.status == 200);
  CHECK(reply.body["proxy"] == nlohmann::json{{"state", "down"}});
  CHECK(elapsed >= std::chrono::milliseconds(150));
  CHECK(elapsed < std::chrono::milliseconds(1000));
}

TEST_CASE("agent API: no or a wrong token is 401 with the error envelope", "[agent-api][server]") {
  RunningApi api(closed_port());
  const std::string authorization = GENERATE(std::string(), std::string("Bearer wrong-token-0123456789"),
                                             std::string("Basic c2Vzc2lvbg=="), "Bearer " + kToken + "x",
                                             "Bearer " + octobot::crypto::sha256_hex(kToken));
  INFO(authorization);
  const auto reply = api.get("/health", authorization);
  CHECK(reply.status == 401);
  CHECK(reply.body == nlohmann::json{{"error", {{"code", "unauthorized"},
                                                {"message", "a valid bearer token is required"}}}});
  CHECK(reply.www_authenticate == "Bearer");
}

TEST_CASE("agent API: an unknown route is 404 with the error envelope", "[agent-api][server]") {
  RunningApi api(closed_port());
  const auto reply = api.get("/nope", "Bearer " + kToken);
  CHECK(reply.status == 404);
  CHECK(reply.body["error"]["code"] == "not_found");
  CHECK(reply.body["error"]["message"].is_string());
}
