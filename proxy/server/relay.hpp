// Copying bytes and HTTP messages between two streams (plain TCP sockets or
// TLS streams over them), with the connection's Watchdog as idle deadline.
//
// Contract:
// - relay_message() writes the (already rewritten) header of the message in
//   `parser` to `out`, together with the body bytes that arrived with it, in
//   one write; then it copies the rest of the body as it arrives: each read is
//   written before the next read, so a streamed (SSE) body reaches the peer
//   chunk by chunk, never buffered whole. The framing (Content-Length or
//   chunked) of the header is kept; a message that has no body (a response
//   to HEAD, 204, 304) gets none, whatever its header says (wire_format.hpp).
//   Returns the body bytes copied.
//   A `tap` sees each body chunk after it was read, before it is written.
// - relay_bytes() copies both directions until both have ended. An EOF in one
//   direction is passed on as a half-close on plain sockets (TLS streams are
//   closed instead); an error in either direction closes both.
// - Every completed read or write pushes the watchdog deadline to now + idle.
#pragma once
#include "proxy/server/tls_socket.hpp"
#include "proxy/server/watchdog.hpp"
#include "proxy/server/wire_format.hpp"

#include "lib/result.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <string>

namespace octobot::proxy {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

inline tcp::socket& lowest_socket(tcp::socket& socket) { return socket; }
inline tcp::socket& lowest_socket(TlsSocket& stream) { return stream.next_layer(); }

inline void close_stream(auto& stream) {
  boost::system::error_code ignored;
  lowest_socket(stream).close(ignored);
}

inline void shutdown_send(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
}
inline void shutdown_send(TlsSocket& stream) { close_stream(stream); }

// Sees each body chunk as it is relayed (e.g. to fill a cache).
using BodyTap = std::function<void(const char* data, std::size_t size)>;

// True when a kept-alive connection has not been closed (or written to) by the
// peer since the last exchange, i.e. the next request may be sent on it.
bool peer_still_open(tcp::socket& socket);

struct RelayCounters {
  std::uint64_t up = 0;    // client → upstream
  std::uint64_t down = 0;  // upstream → client
};

// Lets the parser take body bytes already in `in_buffer`, without reading.
template <bool IsRequest>
beast::error_code parse_buffered(http::parser<IsRequest, http::buffer_body>& parser, beast::flat_buffer& in_buffer) {
  beast::error_code error;
  while (!error && in_buffer.size() > 0 && !parser.is_done() && parser.get().body().size > 0) {
    auto used = parser.put(in_buffer.data(), error);
    in_buffer.consume(used);
    if (used == 0 && !error) break;
  }
  // Full body buffer, or a chunk header cut short: the reads that follow go on.
  bool more_later = error == http::error::need_buffer || error == http::error::need_more;
  return more_later ? beast::error_code{} : error;
}

template <bool IsRequest, class In, class Out>
asio::awaitable<Expected<std::uint64_t, std::string>> relay_message(
    In& in, beast::flat_buffer& in_buffer, http::parser<IsRequest, http::buffer_body>& parser, Out& out,
    Watchdog& watchdog, std::chrono::milliseconds idle, BodyTap tap = {}) {
  // Beast sizes each read by the buffer's free capacity: a buffer sized for
  // the header would move the body in sub-kilobyte reads.
  constexpr std::size_t read_capacity = 32 * 1024;
  if (in_buffer.capacity() < read_capacity) in_buffer.reserve(read_capacity);
  auto framing = body_framing(parser);
  // What goes out in one write: a TLS stream would send each buffer of a
  // gathered write as a record and a syscall of its own.
  std::string pending;
  append_header(pending, parser.get());
  auto& body = parser.get().body();
  std::array<char, 16 * 1024> chunk;
  std::uint64_t copied = 0;
  for (bool first = true;; first = false) {
    body.data = chunk.data();
    body.size = chunk.size();
    if (first) {  // the header goes out with the body bytes that came with it
      if (auto error = parse_buffered(parser, in_buffer)) co_return "reading the body: " + error.message();
    } else {
      auto [read_error, read_bytes] = co_await http::async_read_some(in, in_buffer, parser, use_tuple);
      if (read_error && read_error != http::error::need_buffer) co_return "reading the body: " + read_error.message();
      watchdog.expire_after(idle);
    }
    std::string_view bytes(chunk.data(), chunk.size() - body.size);  // the parser shrank size as it filled
    if (bytes.empty() && !parser.is_done() && !first) continue;
    if (tap && !bytes.empty()) tap(bytes.data(), bytes.size());
    copied += bytes.size();
    append_body(pending, framing, bytes);
    if (parser.is_done()) append_body_end(pending, framing);
    auto [write_error, written] = co_await asio::async_write(out, asio::buffer(pending), use_tuple);
    if (write_error) co_return "writing: " + write_error.message();
    pending.clear();
    watchdog.expire_after(idle);
    if (parser.is_done()) co_return copied;
  }
}

// Copies one direction of a tunnel over plain sockets. Waits for readability
// first and reads into a per-thread buffer, so an idle tunnel holds no buffer.
asio::awaitable<void> copy_socket_direction(tcp::socket& from, tcp::socket& to, Watchdog& watchdog,
                                            std::chrono::milliseconds idle, std::uint64_t& counter);

template <class From, class To>
asio::awaitable<void> copy_stream_direction(From& from, To& to, Watchdog& watchdog, std::chrono::milliseconds idle,
                                            std::uint64_t& counter) {
  std::array<char, 16 * 1024> buffer;
  for (;;) {
    auto [read_error, read_bytes] = co_await from.async_read_some(asio::buffer(buffer), use_tuple);
    if (read_bytes > 0) {
      auto [write_error, written] = co_await asio::async_write(to, asio::buffer(buffer.data(), read_bytes), use_tuple);
      if (write_error) break;
      counter += written;
      watchdog.expire_after(idle);
    }
    if (read_error == asio::error::eof) {
      shutdown_send(to);
      co_return;
    }
    if (read_error) break;
  }
  close_stream(from);
  close_stream(to);
}

// Both directions of a tunnel; returns when both have ended.
template <class Client, class Upstream>
asio::awaitable<void> relay_bytes(Client& client, Upstream& upstream, Watchdog& watchdog,
                                  std::chrono::milliseconds idle, RelayCounters& counters) {
  using namespace asio::experimental::awaitable_operators;
  watchdog.expire_after(idle);
  if constexpr (std::is_same_v<Client, tcp::socket> && std::is_same_v<Upstream, tcp::socket>) {
    co_await (copy_socket_direction(client, upstream, watchdog, idle, counters.up) &&
              copy_socket_direction(upstream, client, watchdog, idle, counters.down));
  } else {
    co_await (copy_stream_direction(client, upstream, watchdog, idle, counters.up) &&
              copy_stream_direction(upstream, client, watchdog, idle, counters.down));
  }
}

}  // namespace octobot::proxy
