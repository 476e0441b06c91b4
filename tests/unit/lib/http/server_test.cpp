// lib/http/server: limits, timeouts, error envelope and graceful shutdown,
// driven over real loopback sockets.
#include "lib/http/exchange.hpp"
#include "lib/http/json.hpp"
#include "lib/http/server.hpp"
#include "lib/http/sse.hpp"
#include "lib/http/websocket.hpp"

#include <catch2/catch.hpp>
#include <future>
#include <thread>

using namespace octobot::http;
using tcp = asio::ip::tcp;

namespace {

// A server on 127.0.0.1:0 running on its own thread.
class TestServer {
 public:
  explicit TestServer(ServerOptions options = {}) {
    Router router;
    router.add(Method::get, "/fast", [](Exchange&) -> asio::awaitable<Response> {
      co_return json_response(Status::ok, Json{{"ok", true}});
    });
    router.add(Method::get, "/slow", [](Exchange&) -> asio::awaitable<Response> {
      asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(500));
      co_await timer.async_wait(asio::use_awaitable);
      co_return json_response(Status::ok, Json{{"slow", true}});
    });
    router.add(Method::get, "/throw", [](Exchange&) -> asio::awaitable<Response> {
      throw std::runtime_error("boom");
      co_return Response{};
    });
    router.add(Method::post, "/small", [](Exchange& ex) -> asio::awaitable<Response> {
      co_return json_response(Status::ok, Json{{"size", ex.request().body().size()}});
    }, {16, {}});
    router.add(Method::post, "/medium", [](Exchange& ex) -> asio::awaitable<Response> {
      co_return json_response(Status::ok, Json{{"size", ex.request().body().size()}});
    }, {1000, {}});
    router.add(Method::post, "/bodiless", [](Exchange&) -> asio::awaitable<Response> {
      co_return json_response(Status::ok, Json{{"ok", true}});
    }, {0, {}});
    // Refuses every caller from the header alone; the handler must never run.
    Middleware refuse = [](Exchange& ex) -> asio::awaitable<std::optional<Response>> {
      co_return error_response(ApiError::unauthorized("no (body size seen: " + std::to_string(ex.request().body().size()) + ")"));
    };
    router.add(Method::post, "/guarded", [](Exchange&) -> asio::awaitable<Response> {
      throw std::logic_error("the guarded handler ran");
    }, {1000000, {refuse}});
    router.add(Method::get, "/stream", [](Exchange& ex) -> asio::awaitable<Response> {
      SseWriter writer(ex.take_stream());
      if (co_await writer.start(ex.request())) co_return Response{};  // a HEAD request ends here
      SseEvent hello{"1", "hello", "{}"};  // named: see lib/http/sse.cpp on GCC 12 temporaries
      co_await writer.send(hello);
      asio::steady_timer forever(co_await asio::this_coro::executor, std::chrono::hours(1));
      co_await forever.async_wait(asio::as_tuple(asio::use_awaitable));
      co_return Response{};
    });
    router.add(Method::get, "/echo", [](Exchange& ex) -> asio::awaitable<Response> {
      if (!is_websocket_upgrade(ex.request())) {
        co_return error_response(ApiError::bad_request("expected a WebSocket upgrade"));
      }
      WebSocket socket(ex.take_stream());
      if (co_await accept_websocket(ex, socket)) co_return Response{};
      beast::flat_buffer buffer;
      while (true) {
        auto [read_ec, n] = co_await socket.async_read(buffer, asio::as_tuple(asio::use_awaitable));
        if (read_ec) break;
        socket.text(socket.got_text());
        auto [write_ec, written] = co_await socket.async_write(buffer.data(), asio::as_tuple(asio::use_awaitable));
        if (write_ec) break;
        buffer.consume(buffer.size());
      }
      co_return Response{};
    });
    server_ = std::make_unique<Server>(io_, std::move(router), std::move(options));
    endpoint_ = server_->listen({asio::ip::make_address("127.0.0.1"), 0});
    server_->start();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TestServer() {
    server_->shutdown();
    if (thread_.joinable()) thread_.join();
  }
  // Shuts down and waits until the io_context has no more work.
  void shutdown_and_wait() {
    server_->shutdown();
    thread_.join();
  }
  tcp::endpoint endpoint() const { return endpoint_; }

 private:
  asio::io_context io_;
  std::unique_ptr<Server> server_;
  tcp::endpoint endpoint_;
  std::thread thread_;
};

tcp::socket connect(const tcp::endpoint& endpoint) {
  static asio::io_context client_io;
  tcp::socket socket(client_io);
  socket.connect(endpoint);
  return socket;
}

void send(tcp::socket& socket, const std::string& data) { asio::write(socket, asio::buffer(data)); }

// Reads until the peer closes (or `until` appears); returns what was read.
std::string read_all(tcp::socket& socket, const std::string& until = "") {
  std::string data;
  char buffer[4096];
  boost::system::error_code ec;
  while (!ec) {
    std::size_t n = socket.read_some(asio::buffer(buffer), ec);
    data.append(buffer, n);
    if (!until.empty() && data.find(until) != std::string::npos) break;
  }
  return data;
}

}  // namespace

TEST_CASE("server answers and keeps the connection alive", "[http][server]") {
  TestServer server;
  auto socket = connect(server.endpoint());
  for (int i = 0; i < 3; ++i) {
    send(socket, "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
    auto response = read_all(socket, "{\"ok\":true}");
    CHECK(response.starts_with("HTTP/1.1 200 OK"));
    CHECK(response.find("X-Request-Id: ") != std::string::npos);
  }
}

TEST_CASE("server turns limits and bad input into the error envelope", "[http][server]") {
  TestServer server;
  SECTION("header block over 16 KiB") {
    auto socket = connect(server.endpoint());
    send(socket, "GET /fast HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17 * 1024, 'a') + "\r\n\r\n");
    auto response = read_all(socket);
    CHECK(response.starts_with("HTTP/1.1 431"));
    CHECK(response.find("headers_too_large") != std::string::npos);
  }
  SECTION("body over the route's limit is refused before it is read") {
    auto socket = connect(server.endpoint());
    send(socket, "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
    auto response = read_all(socket);
    CHECK(response.starts_with("HTTP/1.1 413"));
    CHECK(response.find("payload_too_large") != std::string::npos);
  }
  SECTION("chunked body over the limit") {
    auto socket = connect(server.endpoint());
    send(socket, "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + std::string(32, 'a') +
                     "\r\n0\r\n\r\n");
    CHECK(read_all(socket).starts_with("HTTP/1.1 413"));
  }
  SECTION("garbage") {
    auto socket = connect(server.endpoint());
    send(socket, "\x16\x03\x01garbage\r\n\r\n");
    auto response = read_all(socket);
    CHECK(response.starts_with("HTTP/1.1 400"));
    CHECK(response.find("\"code\":\"bad_http\"") != std::string::npos);
  }
  SECTION("unknown route and wrong method") {
    auto socket = connect(server.endpoint());
    send(socket, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(read_all(socket, "}}").starts_with("HTTP/1.1 404"));
    send(socket, "DELETE /fast HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(read_all(socket, "}}").starts_with("HTTP/1.1 405"));
  }
  SECTION("a throwing handler is a 500 that names the request id") {
    auto socket = connect(server.endpoint());
    send(socket, "GET /throw HTTP/1.1\r\nHost: x\r\nX-Request-Id: req-42\r\n\r\n");
    auto response = read_all(socket, "}}");
    CHECK(response.starts_with("HTTP/1.1 500"));
    CHECK(response.find("req-42") != std::string::npos);
  }
  SECTION("Expect: 100-continue") {
    auto socket = connect(server.endpoint());
    send(socket, "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
    CHECK(read_all(socket, "\r\n\r\n").starts_with("HTTP/1.1 100 Continue"));
    send(socket, "abc");
    CHECK(read_all(socket, "}").find("{\"size\":3}") != std::string::npos);
  }
}

TEST_CASE("middleware decides from the header, before any body is read", "[http][server]") {
  TestServer server;
  auto socket = connect(server.endpoint());
  send(socket, "POST /guarded HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");  // no body sent
  auto response = read_all(socket);
  CHECK(response.starts_with("HTTP/1.1 401"));
  CHECK(response.find("body size seen: 0") != std::string::npos);
  CHECK(response.find("Connection: close") != std::string::npos);
}

TEST_CASE("request bodies share one memory budget", "[http][server]") {
  ServerOptions options;
  options.body_memory_limit = 1500;
  TestServer server(std::move(options));
  const std::string head = "POST /medium HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n";
  auto first = connect(server.endpoint());
  send(first, head);
  REQUIRE(read_all(first, "\r\n\r\n").starts_with("HTTP/1.1 100 Continue"));  // its 1000 bytes are reserved
  auto second = connect(server.endpoint());
  send(second, head);
  auto refused = read_all(second);
  CHECK(refused.starts_with("HTTP/1.1 503"));
  send(first, std::string(1000, 'a'));
  CHECK(read_all(first, "}").find("{\"size\":1000}") != std::string::npos);
  auto third = connect(server.endpoint());  // the first body's share was given back
  send(third, head);
  CHECK(read_all(third, "\r\n\r\n").starts_with("HTTP/1.1 100 Continue"));
}

TEST_CASE("a route with a zero body limit refuses any body", "[http][server]") {
  TestServer server;
  auto socket = connect(server.endpoint());
  send(socket, "POST /bodiless HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
  auto response = read_all(socket);
  CHECK(response.starts_with("HTTP/1.1 413"));
  CHECK(response.find("takes no request body") != std::string::npos);
}

TEST_CASE("a HEAD request to an event stream gets the head only", "[http][server]") {
  TestServer server;
  auto socket = connect(server.endpoint());
  send(socket, "HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n");
  auto response = read_all(socket);
  CHECK(response.starts_with("HTTP/1.1 200 OK"));
  CHECK(response.find("text/event-stream") != std::string::npos);
  CHECK(response.find("hello") == std::string::npos);
}

TEST_CASE("server closes a connection whose headers arrive too slowly", "[http][server]") {
  ServerOptions options;
  options.header_timeout = std::chrono::seconds(1);
  TestServer server(options);
  auto socket = connect(server.endpoint());
  send(socket, "GET /fast HTTP/1.1\r\nHost: x\r\n");  // never finishes the header block
  CHECK(read_all(socket).empty());                      // closed, nothing answered
}

TEST_CASE("a half-closed client still gets its answer", "[http][server]") {
  TestServer server;
  auto socket = connect(server.endpoint());
  send(socket, "GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  socket.shutdown(tcp::socket::shutdown_send);
  CHECK(read_all(socket).starts_with("HTTP/1.1 200"));
}

TEST_CASE("graceful shutdown finishes in-flight requests and closes the rest", "[http][server]") {
  TestServer server;
  auto idle = connect(server.endpoint());
  send(idle, "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(read_all(idle, "}").starts_with("HTTP/1.1 200"));

  auto streaming = connect(server.endpoint());
  send(streaming, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(read_all(streaming, "data: {}").find("event: hello") != std::string::npos);

  auto busy = connect(server.endpoint());
  send(busy, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let /slow start

  auto stopped = std::async(std::launch::async, [&] { server.shutdown_and_wait(); });
  auto busy_response = read_all(busy);
  CHECK(busy_response.starts_with("HTTP/1.1 200"));
  CHECK(busy_response.find("Connection: close") != std::string::npos);
  CHECK(busy_response.find("{\"slow\":true}") != std::string::npos);
  CHECK(read_all(idle).empty());       // the idle keep-alive connection was closed
  read_all(streaming);                 // the stream ends
  stopped.get();                       // and the io_context ran out of work

  boost::system::error_code ec;
  static asio::io_context client_io;
  tcp::socket late(client_io);
  late.connect(server.endpoint(), ec);
  CHECK(ec);  // no longer accepting
}

TEST_CASE("a WebSocket upgrade hands the connection to the handler", "[http][server][websocket]") {
  TestServer server;
  SECTION("echo over the upgraded connection") {
    beast::websocket::stream<tcp::socket> client(connect(server.endpoint()));
    beast::websocket::response_type handshake;
    client.handshake(handshake, "127.0.0.1", "/echo");
    CHECK(handshake.result() == Status::switching_protocols);
    CHECK_FALSE(handshake["X-Request-Id"].empty());
    for (const std::string& message : std::vector<std::string>{"hello", std::string(100000, 'x')}) {
      client.write(asio::buffer(message));
      beast::flat_buffer reply;
      client.read(reply);
      CHECK(beast::buffers_to_string(reply.data()) == message);
    }
    client.close(beast::websocket::close_code::normal);
  }
  SECTION("a plain GET on a WebSocket route is a 400") {
    auto socket = connect(server.endpoint());
    send(socket, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(read_all(socket, "}}").starts_with("HTTP/1.1 400"));
  }
  SECTION("shutdown closes an open WebSocket") {
    beast::websocket::stream<tcp::socket> client(connect(server.endpoint()));
    client.handshake("127.0.0.1", "/echo");
    server.shutdown_and_wait();
    beast::flat_buffer reply;
    beast::error_code ec;
    client.read(reply, ec);
    CHECK(ec);  // the server side is gone
  }
}
