#include "proxy/server/session.hpp"

#include "proxy/protocol/detect.hpp"

#include "lib/log/log.hpp"

namespace octobot::proxy {
namespace {

std::string endpoint_text(const tcp::socket& socket) {
  boost::system::error_code error;
  auto endpoint = socket.remote_endpoint(error);
  if (error) return "unknown";
  auto address = endpoint.address().to_string();
  if (endpoint.address().is_v6()) address = "[" + address + "]";
  return address + ":" + std::to_string(endpoint.port());
}

// Reads until the first bytes tell the protocol (or the client stops).
asio::awaitable<ProtocolGuess> read_protocol(Session& session) {
  for (;;) {
    auto data = session.buffer.data();
    auto guess = detect_protocol(
        std::span<const std::uint8_t>(static_cast<const std::uint8_t*>(data.data()), data.size()));
    if (guess != ProtocolGuess::need_more) co_return guess;
    auto [error, read] = co_await session.client.async_read_some(session.buffer.prepare(512), use_tuple);
    if (error) co_return ProtocolGuess::need_more;
    session.buffer.commit(read);
  }
}

void log_refusal(Session& session, ProtocolGuess guess) {
  auto entry = session.new_entry(std::string(to_string(guess)));
  entry.decision = "deny";
  entry.error = guess == ProtocolGuess::need_more ? "closed before a request" : "not a proxy protocol";
  session.runtime.access_log().write(entry);
}

}  // namespace

Session::Session(Runtime& runtime_, tcp::socket socket)
    : runtime(runtime_),
      client(std::move(socket)),
      peer(endpoint_text(client)),
      client_socket(&client),
      watchdog(client.get_executor(), [this] {
        boost::system::error_code ignored;
        if (client_socket) client_socket->close(ignored);
        if (upstream_socket) upstream_socket->close(ignored);
      }) {}

AccessEntry Session::new_entry(std::string protocol) const {
  AccessEntry entry;
  entry.client = peer;
  entry.protocol = std::move(protocol);
  return entry;
}

std::string simple_response(unsigned status, std::string_view body, bool keep_alive) {
  std::string reason(http::obsolete_reason(static_cast<http::status>(status)));
  std::string text = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  text += "Content-Type: text/plain; charset=utf-8\r\n";
  text += "Content-Length: " + std::to_string(body.size() + 1) + "\r\n";
  text += keep_alive ? "" : "Connection: close\r\n";
  text += "\r\n";
  text += body;
  text += "\n";
  return text;
}

asio::awaitable<void> serve_client(std::shared_ptr<Runtime> runtime, tcp::socket socket) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  Session session(*runtime, std::move(socket));
  session.watchdog.expire_after(runtime->limits().header_timeout);
  auto guess = co_await read_protocol(session);
  switch (guess) {
    case ProtocolGuess::http:
      co_await serve_http_proxy(session);
      break;
    case ProtocolGuess::socks5:
      co_await serve_socks5(session);
      break;
    case ProtocolGuess::unknown: {
      auto refusal = simple_response(400, "octobot-proxy: expected an HTTP proxy request, CONNECT or SOCKS5", false);
      co_await asio::async_write(session.client, asio::buffer(refusal), use_tuple);
      log_refusal(session, guess);
      break;
    }
    default:
      log_refusal(session, guess);
      break;
  }
  session.watchdog.stop();
  close_stream(session.client);
}

}  // namespace octobot::proxy
