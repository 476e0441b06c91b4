// One proxied HTTP/1.1 exchange: a request whose header has been read from
// the client is rewritten, relayed upstream with its body, and the upstream's
// response is relayed back as it arrives (plain forwarding and MITM alike).
//
// Contract of relay_exchange():
// - Hop-by-hop headers are removed both ways; a host rule is applied to the
//   request (credentials only when options.inject_credentials and the
//   request's one Host names the rule's host: request_names_host()).
// - "Expect: 100-continue" is answered by the proxy itself ("100 Continue"
//   to the client) and not forwarded, so the body flows without waiting for
//   an upstream that may not implement it.
// - Interim 1xx responses are passed on; a 101 answer to a WebSocket upgrade
//   turns the connection into a byte relay (bytes already buffered on either
//   side are passed on first) and the exchange ends with `upgraded`.
// - `keep_alive` says whether both connections may carry another exchange.
// - When `response_started` is false nothing has been written to the client
//   yet and the caller should answer 502 with `error`.
// - With options.hold_redirects, a 3xx answer with a Location is not relayed:
//   the exchange ends with `redirect` set and nothing written to the client
//   (the upstream connection is left mid-response: do not reuse it).
// - options.on_response, when set, sees the final response header before it
//   is written (it may add fields) and may return a tap that sees every body
//   byte relayed to the client, in order (the registry cache fills from it).
#pragma once
#include "proxy/config/proxy_config.hpp"
#include "proxy/server/access_log.hpp"
#include "proxy/server/header_rules.hpp"
#include "proxy/server/relay.hpp"
#include "proxy/server/request_host.hpp"

#include <functional>

namespace octobot::proxy {

struct ExchangeOptions {
  const HostRule* rule = nullptr;
  bool inject_credentials = false;
  std::size_t header_limit = 64 * 1024;
  std::chrono::milliseconds idle_timeout{300'000};
  std::function<BodyTap(http::response_header<>& header)> on_response;
  bool hold_redirects = false;
};

struct ExchangeOutcome {
  bool keep_alive = false;
  bool response_started = false;
  bool upgraded = false;
  unsigned status = 0;
  std::string error;
  std::string redirect;  // the Location of a held redirect
};

// Writes the bytes left in `buffer` (read past a message) to `to`.
template <class Stream>
asio::awaitable<boost::system::error_code> write_leftover(Stream& to, beast::flat_buffer& buffer) {
  if (buffer.size() == 0) co_return boost::system::error_code{};
  auto [error, written] = co_await asio::async_write(to, buffer.data(), use_tuple);
  buffer.consume(written);
  co_return error;
}

template <class Client, class Upstream>
asio::awaitable<void> relay_upgraded(Client& client, beast::flat_buffer& client_buffer, Upstream& upstream,
                                     beast::flat_buffer& upstream_buffer, Watchdog& watchdog,
                                     std::chrono::milliseconds idle, AccessEntry& entry) {
  entry.bytes_up += client_buffer.size();
  entry.bytes_down += upstream_buffer.size();
  if (co_await write_leftover(upstream, client_buffer)) co_return;
  if (co_await write_leftover(client, upstream_buffer)) co_return;
  RelayCounters counters;
  co_await relay_bytes(client, upstream, watchdog, idle, counters);
  entry.bytes_up += counters.up;
  entry.bytes_down += counters.down;
}

template <class Client, class Upstream>
asio::awaitable<ExchangeOutcome> relay_exchange(Client& client, beast::flat_buffer& client_buffer,
                                                http::request_parser<http::empty_body>& request_header,
                                                Upstream& upstream, beast::flat_buffer& upstream_buffer,
                                                const ExchangeOptions& options, Watchdog& watchdog,
                                                AccessEntry& entry) {
  ExchangeOutcome outcome;
  http::request_parser<http::buffer_body> request(std::move(request_header));
  auto& message = request.get();
  bool websocket = is_websocket_upgrade(message);
  bool client_keep_alive = message.keep_alive();
  bool head = message.method() == http::verb::head;

  if (beast::iequals(message[http::field::expect], "100-continue")) {
    message.erase(http::field::expect);
    static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
    auto [error, written] = co_await asio::async_write(client, asio::buffer(continue_line), use_tuple);
    if (error) {
      outcome.error = "writing 100 Continue: " + error.message();
      outcome.response_started = true;
      co_return outcome;
    }
  }
  strip_hop_by_hop(message, websocket);
  if (options.rule) {
    // The last line of defence: a credential goes only into a request whose Host names the rule's host.
    bool inject = options.inject_credentials && request_names_host(message, options.rule->host);
    apply_rule(message, *options.rule, inject);
  }

  auto sent = co_await relay_message(client, client_buffer, request, upstream, watchdog, options.idle_timeout);
  if (!sent) {
    outcome.error = "relaying the request: " + sent.error();
    co_return outcome;
  }
  entry.bytes_up += *sent;

  for (;;) {
    http::response_parser<http::buffer_body> response;
    response.header_limit(static_cast<std::uint32_t>(options.header_limit));
    response.body_limit(boost::none);
    if (head) response.skip(true);
    watchdog.expire_after(options.idle_timeout);
    auto [read_error, header_bytes] = co_await http::async_read_header(upstream, upstream_buffer, response, use_tuple);
    if (read_error) {
      outcome.error = "reading the upstream response: " + read_error.message();
      co_return outcome;
    }
    auto& reply = response.get();
    outcome.status = reply.result_int();
    bool upgrading = outcome.status == 101 && websocket;
    if (outcome.status / 100 == 1 && !upgrading) {
      std::string interim;
      append_header(interim, reply);
      auto [error, written] = co_await asio::async_write(client, asio::buffer(interim), use_tuple);
      if (error) break;
      continue;
    }
    if (options.hold_redirects && outcome.status / 100 == 3 && reply.count(http::field::location) > 0) {
      outcome.redirect = std::string(reply[http::field::location]);
      co_return outcome;
    }
    bool keep_alive = client_keep_alive && reply.keep_alive() && !response.need_eof() && !upgrading;
    strip_hop_by_hop(reply, upgrading);
    if (!upgrading) reply.keep_alive(keep_alive);
    outcome.response_started = true;
    BodyTap tap = options.on_response ? options.on_response(reply) : BodyTap{};
    auto received = co_await relay_message(upstream, upstream_buffer, response, client, watchdog,
                                           options.idle_timeout, tap);
    if (!received) {
      outcome.error = "relaying the response: " + received.error();
      co_return outcome;
    }
    entry.bytes_down += *received;
    if (upgrading) {
      co_await relay_upgraded(client, client_buffer, upstream, upstream_buffer, watchdog, options.idle_timeout, entry);
      outcome.upgraded = true;
      co_return outcome;
    }
    outcome.keep_alive = keep_alive;
    co_return outcome;
  }
  outcome.response_started = true;
  outcome.error = "writing an interim response failed";
  co_return outcome;
}

}  // namespace octobot::proxy
