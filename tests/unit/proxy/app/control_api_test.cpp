// proxy/app/control_api: the bearer token check, in process over loopback,
// for a token given as a file's content and as its SHA-256 (api.token_sha256).
#include "proxy/app/control_api.hpp"

#include "lib/crypto/crypto.hpp"
#include "lib/http/server.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace octobot::proxy;
namespace http = octobot::http;
namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr std::string_view kToken = "control-token-0123456789abcdef";

// The control API of a proxy with an empty policy, on 127.0.0.1:0, served
// by its own thread.
class ControlApi {
 public:
  explicit ControlApi(ApiToken token) {
    ProxyConfig config;
    auto runtime = std::make_shared<Runtime>(config.limits, std::make_shared<const Policy>(config.policy),
                                             std::make_shared<AccessLog>("-"));
    auto state = std::make_shared<ConfigState>(config, runtime);
    server_ = std::make_unique<http::Server>(io_, make_control_routes(state, runtime, std::move(token)));
    endpoint_ = server_->listen({asio::ip::make_address("127.0.0.1"), 0});
    server_->start();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ControlApi() {
    server_->shutdown();
    thread_.join();
  }

  // GET `target` with this Authorization header ("" for none): status and body.
  std::pair<unsigned, std::string> get(const std::string& target, const std::string& authorization) const {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(endpoint_);
    http::Request request{http::Method::get, target, 11};
    request.set(http::Field::host, "127.0.0.1");
    if (!authorization.empty()) request.set(http::Field::authorization, authorization);
    beast::http::write(stream, request);
    beast::flat_buffer buffer;
    http::Response response;
    beast::http::read(stream, buffer, response);
    return {response.result_int(), response.body()};
  }

 private:
  asio::io_context io_;
  std::unique_ptr<http::Server> server_;
  asio::ip::tcp::endpoint endpoint_;
  std::thread thread_;
};

}  // namespace

TEST_CASE("control API: the right bearer token is accepted, any other refused with 401", "[proxy][app][token]") {
  const std::string hash = octobot::crypto::sha256_hex(kToken);
  auto token = GENERATE_COPY(ApiToken::from_token(kToken), ApiToken::from_sha256_hex(hash));
  ControlApi api(token);

  auto [status, body] = api.get("/health", "Bearer " + std::string(kToken));
  CHECK(status == 200);
  CHECK(nlohmann::json::parse(body)["status"] == "ok");
  CHECK(api.get("/config", "Bearer " + std::string(kToken)).first == 200);

  const std::string wrong = GENERATE_COPY(std::string(), "Bearer wrong-token-0123456789abcd", "Bearer " + hash,
                                          "Bearer " + std::string(kToken) + "x", "Basic " + std::string(kToken),
                                          std::string(kToken), "Bearer ");
  INFO(wrong);
  auto [refused, message] = api.get("/health", wrong);
  CHECK(refused == 401);
  CHECK(nlohmann::json::parse(message)["error"]["code"] == "unauthorized");
  CHECK(message.find(kToken) == std::string::npos);
}
