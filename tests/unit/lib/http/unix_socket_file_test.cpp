// lib/http/unix_socket_file, through Server::listen_unix: a server on a
// unix-domain socket answers, its file is 0600, stale and foreign files at the
// path, removal at shutdown; and remote_address per family (unix and TCP).
#include "lib/http/exchange.hpp"
#include "lib/http/json.hpp"
#include "lib/http/server.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <thread>

using namespace octobot::http;
using local = asio::local::stream_protocol;
namespace fs = std::filesystem;

namespace {

// A fresh directory under /tmp (short: socket paths are limited to 107 bytes).
class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/octobot-http-unix.XXXXXX";
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

Router peer_router() {
  Router router;
  router.add(Method::get, "/peer", [](Exchange& ex) -> asio::awaitable<Response> {
    co_return json_response(Status::ok, Json{{"peer", ex.remote_address().to_string()}});
  });
  return router;
}

// A server on its own thread; listen with listen_unix() or listen_tcp(), then start().
class RunningServer {
 public:
  RunningServer() : server_(std::make_unique<Server>(io_, peer_router())) {}
  ~RunningServer() { stop(); }
  Server& server() { return *server_; }
  void start() {
    server_->start();
    thread_ = std::thread([this] { io_.run(); });
  }
  // Shuts down and waits until the io_context has no more work.
  void stop() {
    server_->shutdown();
    if (thread_.joinable()) thread_.join();
  }

 private:
  asio::io_context io_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// One GET /peer over `socket`; returns the whole answer (the request closes).
template <class Socket>
std::string get_peer(Socket& socket) {
  asio::write(socket, asio::buffer(std::string("GET /peer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
  std::string data;
  char buffer[4096];
  boost::system::error_code ec;
  while (!ec) data.append(buffer, socket.read_some(asio::buffer(buffer), ec));
  return data;
}

std::string get_peer_over_unix(const std::string& path) {
  asio::io_context io;
  local::socket socket(io);
  socket.connect(local::endpoint(path));
  return get_peer(socket);
}

unsigned mode_of(const std::string& path) {
  struct stat status {};
  REQUIRE(::lstat(path.c_str(), &status) == 0);
  return status.st_mode & 07777;
}

// Leaves a socket file at `path` that nobody accepts on (a crashed server's).
void make_stale_socket(const std::string& path) {
  asio::io_context io;
  local::acceptor acceptor(io, local::endpoint(path));
  acceptor.close();
  REQUIRE(fs::is_socket(path));
}

}  // namespace

TEST_CASE("a server listening on a unix socket answers over it", "[http][server][unix]") {
  TempDir dir;
  std::string path = dir.file("api.sock");
  RunningServer running;
  auto listening = running.server().listen_unix(path);
  REQUIRE(listening);
  running.start();
  CHECK(fs::is_socket(path));
  CHECK(mode_of(path) == 0600);
  auto response = get_peer_over_unix(path);
  CHECK(response.starts_with("HTTP/1.1 200"));
  CHECK(response.find("{\"peer\":\"0.0.0.0\"}") != std::string::npos);  // no IP: the unspecified address

  running.stop();
  CHECK_FALSE(fs::exists(fs::symlink_status(path)));
  asio::io_context io;
  local::socket late(io);
  boost::system::error_code ec;
  late.connect(local::endpoint(path), ec);
  CHECK(ec);
}

TEST_CASE("a stale socket file is replaced", "[http][server][unix]") {
  TempDir dir;
  std::string path = dir.file("api.sock");
  make_stale_socket(path);
  RunningServer running;
  auto listening = running.server().listen_unix(path);
  REQUIRE(listening);
  running.start();
  CHECK(mode_of(path) == 0600);
  CHECK(get_peer_over_unix(path).starts_with("HTTP/1.1 200"));
}

TEST_CASE("a path that is not a socket, or a live one, is refused and left alone", "[http][server][unix]") {
  TempDir dir;
  SECTION("a regular file") {
    std::string path = dir.file("api.sock");
    std::ofstream(path) << "keep me";
    asio::io_context io;
    Server server(io, peer_router());
    auto listening = server.listen_unix(path);
    REQUIRE_FALSE(listening);
    CHECK(listening.error() == path + " exists and is not a socket; refusing to replace it");
    std::ifstream file(path);
    std::string content((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    CHECK(content == "keep me");
  }
  SECTION("a socket another server accepts on") {
    std::string path = dir.file("api.sock");
    RunningServer first;
    REQUIRE(first.server().listen_unix(path));
    first.start();
    asio::io_context io;
    Server second(io, peer_router());
    auto listening = second.listen_unix(path);
    REQUIRE_FALSE(listening);
    CHECK(listening.error() == path + " is in use by another server");
    CHECK(get_peer_over_unix(path).starts_with("HTTP/1.1 200"));  // the first still serves
  }
  SECTION("a path too long for a socket address") {
    asio::io_context io;
    Server server(io, peer_router());
    auto listening = server.listen_unix("/tmp/" + std::string(120, 'x'));
    REQUIRE_FALSE(listening);
    CHECK(listening.error().find("is not a valid unix socket path") != std::string::npos);
  }
}

TEST_CASE("destroying a server removes its socket file", "[http][server][unix]") {
  TempDir dir;
  std::string path = dir.file("api.sock");
  {
    asio::io_context io;
    Server server(io, peer_router());
    REQUIRE(server.listen_unix(path));
    CHECK(fs::is_socket(path));
  }
  CHECK_FALSE(fs::exists(fs::symlink_status(path)));
}

TEST_CASE("remote_address is the peer's IP on TCP", "[http][server]") {
  RunningServer running;
  auto endpoint = running.server().listen({asio::ip::make_address("127.0.0.1"), 0});
  running.start();
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect(endpoint);
  CHECK(get_peer(socket).find("{\"peer\":\"127.0.0.1\"}") != std::string::npos);
}
