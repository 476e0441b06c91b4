// SOCKS5 on the proxy port: no-auth method, CONNECT with IPv4, IPv6 or a
// domain name; the same allowlist and dialing as CONNECT (see tunnel.cpp).
#include "proxy/protocol/socks5.hpp"
#include "proxy/server/session.hpp"

namespace octobot::proxy {
namespace {

std::span<const std::uint8_t> buffered(Session& session) {
  auto data = session.buffer.data();
  return {static_cast<const std::uint8_t*>(data.data()), data.size()};
}

// Calls parse() on the buffered bytes, reading more while it needs more.
template <class Parse>
asio::awaitable<std::optional<Parse>> read_message(Session& session, Parse (*parse)(std::span<const std::uint8_t>)) {
  for (;;) {
    auto result = parse(buffered(session));
    if (result.status != Socks5Status::need_more) co_return result;
    auto [error, read] = co_await session.client.async_read_some(session.buffer.prepare(512), use_tuple);
    if (error) co_return std::nullopt;
    session.buffer.commit(read);
  }
}

asio::awaitable<void> send_bytes(Session& session, const std::vector<std::uint8_t>& bytes) {
  co_await asio::async_write(session.client, asio::buffer(bytes), use_tuple);
}

void log_failure(Session& session, std::string_view error, unsigned status) {
  auto entry = session.new_entry("socks5");
  entry.method = "CONNECT";
  entry.status = status;
  entry.decision = "deny";
  entry.error = std::string(error);
  session.runtime.access_log().write(entry);
}

}  // namespace

asio::awaitable<void> serve_socks5(Session& session) {
  auto greeting = co_await read_message(session, &parse_socks5_greeting);
  if (!greeting) co_return;
  if (greeting->status == Socks5Status::error || !greeting->no_auth_offered) {
    if (greeting->status == Socks5Status::ok) co_await send_bytes(session, socks5_method_reply(false));
    log_failure(session, greeting->status == Socks5Status::error ? greeting->error : "no acceptable method", 400);
    co_return;
  }
  session.buffer.consume(greeting->consumed);
  co_await send_bytes(session, socks5_method_reply(true));

  auto request = co_await read_message(session, &parse_socks5_request);
  if (!request) co_return;
  if (request->status == Socks5Status::error) {
    co_await send_bytes(session, socks5_reply(request->reply));
    log_failure(session, request->error, 400);
    co_return;
  }
  session.buffer.consume(request->consumed);
  auto host = canonical_destination_host(request->request.host);
  if (!host) {
    co_await send_bytes(session, socks5_reply(Socks5Reply::general_failure));
    log_failure(session, "invalid destination host name", 400);
    co_return;
  }
  // Named first: GCC 12 destroys a braced temporary in a co_await expression twice.
  Destination destination{*host, request->request.port};
  co_await open_tunnel(session, TunnelProtocol::socks5, destination);
}

}  // namespace octobot::proxy
