#include "lib/http/client.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl.hpp>
#include <filesystem>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <thread>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using octobot::http::Client;
using octobot::http::ClientError;
using octobot::http::ClientOptions;
using octobot::http::Endpoint;
using octobot::http::Request;
using octobot::http::Response;
using tcp = asio::ip::tcp;
using Code = ClientError::Code;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// ---- Test servers -----------------------------------------------------------

enum class Mode {
  keep_alive,      // answers every request on the connection
  close_after,     // answers one request (without "Connection: close") and closes
  drop_second,     // answers the first request, closes on the second without answering
  silent,          // reads the request and never answers
  stream,          // chunked body: "data: one", waits for the gate, then "data: two"
  large,           // 1000-byte body
};

struct ServerLog {
  int connections = 0;
  std::vector<Request> requests;
  bool second_chunk_sent = false;
};

template <class Stream>
asio::awaitable<void> write_stream(Stream& stream, ServerLog& log, asio::steady_timer& gate) {
  http::response<http::empty_body> head{http::status::ok, 11};
  head.set(http::field::content_type, "text/event-stream");
  head.chunked(true);
  http::response_serializer<http::empty_body> serializer{head};
  co_await http::async_write_header(stream, serializer, use_tuple);
  const std::string one = "data: one\n\n";
  const std::string two = "data: two\n\n";
  co_await asio::async_write(stream, http::make_chunk(asio::buffer(one)), use_tuple);
  co_await gate.async_wait(use_tuple);
  log.second_chunk_sent = true;
  co_await asio::async_write(stream, http::make_chunk(asio::buffer(two)), use_tuple);
  co_await asio::async_write(stream, http::make_chunk_last(), use_tuple);
}

template <class Stream>
asio::awaitable<void> answer(Stream& stream, const Request& request, Mode mode) {
  if (request.method() == http::verb::head) {
    http::response<http::empty_body> response{http::status::ok, 11};
    response.content_length(11);
    co_await http::async_write(stream, response, use_tuple);
    co_return;
  }
  Response response{http::status::ok, 11};
  response.body() = mode == Mode::large ? std::string(1000, 'x') : "hello " + std::string(request.target());
  response.keep_alive(true);
  response.prepare_payload();
  co_await http::async_write(stream, response, use_tuple);
}

template <class Stream>
asio::awaitable<void> serve_requests(Stream& stream, ServerLog& log, Mode mode, asio::steady_timer& gate) {
  beast::flat_buffer buffer;
  for (int index = 0;; ++index) {
    Request request;
    auto [ec, n] = co_await http::async_read(stream, buffer, request, use_tuple);
    if (ec) co_return;
    log.requests.push_back(request);
    if (mode == Mode::silent) {
      asio::steady_timer forever(stream.get_executor(), std::chrono::hours(1));
      co_await forever.async_wait(use_tuple);
      co_return;
    }
    if (mode == Mode::drop_second && index == 1) co_return;
    if (mode == Mode::stream) {
      co_await write_stream(stream, log, gate);
      co_return;
    }
    co_await answer(stream, request, mode);
    if (mode == Mode::close_after) co_return;
  }
}

template <class Protocol>
class TestServer {
 public:
  using Socket = typename Protocol::socket;

  TestServer(asio::io_context& io, typename Protocol::endpoint endpoint, Mode mode, ssl::context* tls = nullptr)
      : gate(io, asio::steady_timer::time_point::max()), acceptor_(io, endpoint), mode_(mode), tls_(tls) {
    asio::co_spawn(io, accept_loop(), asio::detached);
  }

  typename Protocol::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

  ServerLog log;
  asio::steady_timer gate;

 private:
  asio::awaitable<void> accept_loop() {
    while (true) {
      auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
      if (ec) co_return;
      ++log.connections;
      asio::co_spawn(acceptor_.get_executor(), serve(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> serve(Socket socket) {
    if (!tls_) {
      co_await serve_requests(socket, log, mode_, gate);
      co_return;
    }
    ssl::stream<Socket> stream(std::move(socket), *tls_);
    auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, use_tuple);
    if (!ec) co_await serve_requests(stream, log, mode_, gate);
  }

  typename Protocol::acceptor acceptor_;
  Mode mode_;
  ssl::context* tls_;
};

using TcpServer = TestServer<tcp>;
using UnixServer = TestServer<asio::local::stream_protocol>;

tcp::endpoint loopback() { return {asio::ip::make_address("127.0.0.1"), 0}; }

Endpoint endpoint_of(const TcpServer& server, std::string_view scheme = "http") {
  return *Endpoint::parse(std::string(scheme) + "://127.0.0.1:" + std::to_string(server.local_endpoint().port()));
}

// Runs `body` as a coroutine on `io` next to the servers; stops when it returns.
template <class Body>
void run(asio::io_context& io, Body body) {
  bool finished = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        co_await body();
        finished = true;
        io.stop();
      },
      [](const std::exception_ptr& error) {
        if (error) std::rethrow_exception(error);
      });
  io.run_for(std::chrono::seconds(30));
  REQUIRE(finished);
}

Request get(std::string target) { return octobot::http::make_request(http::verb::get, std::move(target)); }

std::string describe(const ClientError& error) { return error.message; }

// ---- A self-signed certificate made with OpenSSL ------------------------------

struct Certificate {
  std::string cert_pem;
  std::string key_pem;
};

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return text;
}

Certificate self_signed(const std::string& subject_alt_name) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  REQUIRE(key != nullptr);
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("octobot test"), -1, -1,
                             0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, subject_alt_name.c_str());
  REQUIRE(san != nullptr);
  X509_add_ext(cert, san, -1);
  X509_EXTENSION_free(san);
  REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
  BIO* cert_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cert_bio, cert);
  BIO* key_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(key_bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  X509_free(cert);
  EVP_PKEY_free(key);
  return {bio_text(cert_bio), bio_text(key_bio)};
}

ssl::context server_context(const Certificate& certificate) {
  ssl::context context(ssl::context::tls_server);
  context.use_certificate_chain(asio::buffer(certificate.cert_pem));
  context.use_private_key(asio::buffer(certificate.key_pem), ssl::context::pem);
  return context;
}

class TempDir {
 public:
  TempDir() {
    char path[] = "/tmp/octobot-http-test-XXXXXX";
    REQUIRE(::mkdtemp(path) != nullptr);
    path_ = path;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace

// ---- Endpoint -----------------------------------------------------------------

TEST_CASE("Endpoint parses http, https and unix URLs") {
  auto endpoint = Endpoint::parse("http://127.0.0.1:8080");
  REQUIRE(endpoint);
  CHECK(endpoint->scheme == Endpoint::Scheme::http);
  CHECK(endpoint->host == "127.0.0.1");
  CHECK(endpoint->port == 8080);
  CHECK(endpoint->host_header() == "127.0.0.1:8080");

  endpoint = Endpoint::parse("HTTPS://example.com/");
  REQUIRE(endpoint);
  CHECK(endpoint->tls());
  CHECK(endpoint->port == 443);
  CHECK(endpoint->host_header() == "example.com");
  CHECK(endpoint->to_string() == "https://example.com:443");

  endpoint = Endpoint::parse("http://[::1]:3002");
  REQUIRE(endpoint);
  CHECK(endpoint->host == "::1");
  CHECK(endpoint->host_header() == "[::1]:3002");

  endpoint = Endpoint::parse("unix:/var/run/docker.sock");
  REQUIRE(endpoint);
  CHECK(endpoint->scheme == Endpoint::Scheme::unix_socket);
  CHECK(endpoint->socket_path == "/var/run/docker.sock");
  CHECK(endpoint->host_header() == "localhost");
  CHECK(Endpoint::parse("unix:///var/run/docker.sock")->socket_path == "/var/run/docker.sock");
}

TEST_CASE("Endpoint rejects malformed URLs with a message") {
  for (const char* url : {"", "localhost:8080", "ftp://host", "http://", "http://:80", "http://host:",
                          "http://host:0", "http://host:65536", "http://host:http", "http://host/api",
                          "http://user@host", "http://host?x=1", "http://[::1", "http://[::1]x", "http://ho st",
                          "unix:", "unix://"}) {
    INFO(url);
    const auto endpoint = Endpoint::parse(url);
    REQUIRE_FALSE(endpoint);
    CHECK(endpoint.error().find("invalid URL \"" + std::string(url) + "\"") == 0);
  }
}

TEST_CASE("fetch reports a malformed URL and a refused connection") {
  auto response = octobot::http::fetch("htp://x", http::verb::get, "/");
  REQUIRE_FALSE(response);
  CHECK(response.error().code == Code::invalid_url);

  asio::io_context io;
  tcp::acceptor acceptor(io, loopback());
  const auto port = acceptor.local_endpoint().port();
  acceptor.close();
  response = octobot::http::fetch("http://127.0.0.1:" + std::to_string(port), http::verb::get, "/");
  REQUIRE_FALSE(response);
  CHECK(response.error().code == Code::connect);
  CHECK(response.error().message.find("cannot connect to http://127.0.0.1:") == 0);
}

// ---- Plain HTTP -----------------------------------------------------------------

TEST_CASE("fetch performs one blocking request") {
  asio::io_context io;
  TcpServer server(io, loopback(), Mode::keep_alive);
  std::thread thread([&] { io.run_for(std::chrono::seconds(30)); });
  const auto url = "http://127.0.0.1:" + std::to_string(server.local_endpoint().port());
  const auto response =
      octobot::http::fetch(url, http::verb::post, "/echo", R"({"a":1})", {{"Content-Type", "application/json"}});
  io.stop();
  thread.join();
  REQUIRE(response);
  CHECK(response->result() == http::status::ok);
  CHECK(response->body() == "hello /echo");
  REQUIRE(server.log.requests.size() == 1);
  const Request& received = server.log.requests[0];
  CHECK(received.body() == R"({"a":1})");
  CHECK(received[http::field::content_length] == "7");
  CHECK(received[http::field::content_type] == "application/json");
  CHECK(received[http::field::host] == "127.0.0.1:" + std::to_string(server.local_endpoint().port()));
}

TEST_CASE("Client reuses one keep-alive connection") {
  asio::io_context io;
  TcpServer server(io, loopback(), Mode::keep_alive);
  run(io, [&]() -> asio::awaitable<void> {
    Client client(io.get_executor(), endpoint_of(server));
    for (int i = 0; i < 3; ++i) {
      auto response = co_await client.send(get("/n" + std::to_string(i)));
      REQUIRE(response);
      CHECK(response->body() == "hello /n" + std::to_string(i));
    }
    auto head = co_await client.send(octobot::http::make_request(http::verb::head, "/h"));
    REQUIRE(head);
    CHECK(head->body().empty());
    auto after_head = co_await client.send(get("/after"));
    REQUIRE(after_head);
    CHECK(after_head->body() == "hello /after");
    CHECK(client.idle_connections() == 1);
  });
  CHECK(server.log.connections == 1);
  CHECK(server.log.requests.size() == 5);
}

TEST_CASE("Client reconnects when the server closed the pooled connection") {
  asio::io_context io;
  TcpServer server(io, loopback(), Mode::close_after);
  run(io, [&]() -> asio::awaitable<void> {
    Client client(io.get_executor(), endpoint_of(server));
    for (int i = 0; i < 3; ++i) {
      auto response = co_await client.send(get("/r"));
      INFO((response ? "" : describe(response.error())));
      REQUIRE(response);
      CHECK(response->body() == "hello /r");
      if (i == 1) {  // also once after the close has certainly arrived
        asio::steady_timer pause(io, std::chrono::milliseconds(50));
        co_await pause.async_wait(use_tuple);
      }
    }
  });
  CHECK(server.log.connections == 3);
}

TEST_CASE("Client retries an idempotent request dropped on a reused connection, not a POST") {
  asio::io_context io;
  TcpServer server(io, loopback(), Mode::drop_second);
  run(io, [&]() -> asio::awaitable<void> {
    Client client(io.get_executor(), endpoint_of(server));
    auto first = co_await client.send(get("/first"));  // never co_await inside a Catch macro (g++ 12)
    REQUIRE(first);
    auto retried = co_await client.send(get("/second"));  // dropped, then answered on a new connection
    REQUIRE(retried);
    CHECK(retried->body() == "hello /second");
    CHECK(server.log.connections == 2);

    auto post = co_await client.send(octobot::http::make_request(http::verb::post, "/create", "{}"));
    REQUIRE_FALSE(post);
    CHECK(post.error().code == Code::closed);
    CHECK(server.log.connections == 2);
  });
}

TEST_CASE("Client streams a chunked response as the chunks arrive") {
  asio::io_context io;
  TcpServer server(io, loopback(), Mode::stream);
  run(io, [&]() -> asio::awaitable<void> {
    Client client(io.get_executor(), endpoint_of(server));
    auto stream = co_await client.open(get("/events"));
    REQUIRE(stream);
    CHECK(stream->status() == 200);
    CHECK(stream->header()[http::field::content_type] == "text/event-stream");

    std::string received;
    while (received.size() < 11) {
      auto chunk = co_await stream->read_some();
      REQUIRE(chunk);
      REQUIRE_FALSE(chunk->empty());
      received += *chunk;
    }
    CHECK(received == "data: one\n\n");
    CHECK_FALSE(server.log.second_chunk_sent);  // the first chunk was not held back until the end
    CHECK_FALSE(stream->done());

    server.gate.cancel();
    received.clear();
    while (true) {
      auto chunk = co_await stream->read_some();
      REQUIRE(chunk);
      if (chunk->empty()) break;
      received += *chunk;
    }
    CHECK(received == "data: two\n\n");
    CHECK(stream->done());
  });
}

TEST_CASE("Client times out on a silent server") {
  asio::io_context io;
  TcpServer server(io, loopback(), Mode::silent);
  run(io, [&]() -> asio::awaitable<void> {
    ClientOptions options;
    options.read_timeout = std::chrono::milliseconds(200);
    Client client(io.get_executor(), endpoint_of(server), options);
    const auto start = std::chrono::steady_clock::now();
    auto response = co_await client.send(get("/slow"));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(response);
    CHECK(response.error().code == Code::timeout);
    CHECK(response.error().message.find("after 200ms") != std::string::npos);
    CHECK(elapsed >= std::chrono::milliseconds(150));
    CHECK(elapsed < std::chrono::seconds(3));
  });
}

TEST_CASE("Client enforces the body limit") {
  asio::io_context io;
  TcpServer server(io, loopback(), Mode::large);
  run(io, [&]() -> asio::awaitable<void> {
    ClientOptions options;
    options.body_limit = 100;
    Client client(io.get_executor(), endpoint_of(server), options);
    auto response = co_await client.send(get("/big"));
    REQUIRE_FALSE(response);
    CHECK(response.error().code == Code::body_too_large);
  });
}

// ---- Unix socket ------------------------------------------------------------------

TEST_CASE("Client talks HTTP over a unix socket") {
  TempDir dir;
  const std::string path = dir.file("api.sock");
  asio::io_context io;
  UnixServer server(io, asio::local::stream_protocol::endpoint(path), Mode::keep_alive);
  run(io, [&]() -> asio::awaitable<void> {
    Client client(io.get_executor(), *Endpoint::parse("unix:" + path));
    for (const char* target : {"/v1.41/containers/json", "/_ping"}) {
      auto response = co_await client.send(get(target));
      REQUIRE(response);
      CHECK(response->body() == std::string("hello ") + target);
    }
  });
  CHECK(server.log.connections == 1);
  REQUIRE(server.log.requests.size() == 2);
  CHECK(server.log.requests[0][http::field::host] == "localhost");
}

// ---- TLS --------------------------------------------------------------------------

TEST_CASE("Client over TLS verifies the server certificate") {
  const Certificate certificate = self_signed("DNS:localhost,IP:127.0.0.1");
  auto tls = server_context(certificate);
  asio::io_context io;
  TcpServer server(io, loopback(), Mode::keep_alive, &tls);

  SECTION("an untrusted certificate fails the handshake") {
    run(io, [&]() -> asio::awaitable<void> {
      ssl::context empty_store(ssl::context::tls_client);
      ClientOptions options;
      options.tls_context = &empty_store;
      Client client(io.get_executor(), endpoint_of(server, "https"), options);
      auto response = co_await client.send(get("/secure"));
      REQUIRE_FALSE(response);
      CHECK(response.error().code == Code::tls);
      CHECK(response.error().message.find("certificate verify failed") != std::string::npos);
    });
    CHECK(server.log.requests.empty());
  }
  SECTION("a trusted certificate works, with keep-alive") {
    run(io, [&]() -> asio::awaitable<void> {
      ssl::context trusting(ssl::context::tls_client);
      trusting.add_certificate_authority(asio::buffer(certificate.cert_pem));
      ClientOptions options;
      options.tls_context = &trusting;
      Client client(io.get_executor(), endpoint_of(server, "https"), options);
      for (int i = 0; i < 2; ++i) {
        auto response = co_await client.send(get("/secure"));
        INFO((response ? "" : describe(response.error())));
        REQUIRE(response);
        CHECK(response->body() == "hello /secure");
      }
    });
    CHECK(server.log.connections == 1);
  }
  SECTION("a trusted certificate works when connecting by host name (SNI)") {
    run(io, [&]() -> asio::awaitable<void> {
      ssl::context trusting(ssl::context::tls_client);
      trusting.add_certificate_authority(asio::buffer(certificate.cert_pem));
      ClientOptions options;
      options.tls_context = &trusting;
      const auto url = "https://localhost:" + std::to_string(server.local_endpoint().port());
      Client client(io.get_executor(), *Endpoint::parse(url), options);
      auto response = co_await client.send(get("/by-name"));
      INFO((response ? "" : describe(response.error())));
      REQUIRE(response);
    });
  }
  SECTION("verification can be turned off explicitly") {
    run(io, [&]() -> asio::awaitable<void> {
      ClientOptions options;
      options.verify_peer = false;
      Client client(io.get_executor(), endpoint_of(server, "https"), options);
      auto response = co_await client.send(get("/insecure"));
      REQUIRE(response);
    });
  }
}

TEST_CASE("Client over TLS checks the host name") {
  const Certificate certificate = self_signed("DNS:other.example");
  auto tls = server_context(certificate);
  asio::io_context io;
  TcpServer server(io, loopback(), Mode::keep_alive, &tls);
  run(io, [&]() -> asio::awaitable<void> {
    ssl::context trusting(ssl::context::tls_client);
    trusting.add_certificate_authority(asio::buffer(certificate.cert_pem));
    ClientOptions options;
    options.tls_context = &trusting;
    Client client(io.get_executor(), endpoint_of(server, "https"), options);
    auto response = co_await client.send(get("/secure"));
    REQUIRE_FALSE(response);
    CHECK(response.error().code == Code::tls);
  });
}
