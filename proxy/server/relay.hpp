// Copying bytes and HTTP messages between two streams (plain TCP sockets or
// TLS streams over them), with the connection's Watchdog as idle deadline.
//
// Contract:
// - relay_message() writes the (already rewritten) header of the message in
//   `parser` to `out`, then copies the body as it arrives: each read is
//   written before the next read, so a streamed (SSE) body reaches the peer
//   chunk by chunk, never buffered whole. The framing (Content-Length or
//   chunked) of the header is kept. Returns the body bytes copied.
//   A `tap` sees each body chunk after it was read, before it is written.
// - relay_bytes() copies both directions until both have ended. An EOF in one
//   direction is passed on as a half-close on plain sockets (TLS streams are
//   closed instead); an error in either direction closes both.
// - Every completed read or write pushes the watchdog deadline to now + idle.
#pragma once
#include "proxy/server/watchdog.hpp"

#include "lib/result.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
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
using TlsStream = asio::ssl::stream<tcp::socket>;

inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

inline tcp::socket& lowest_socket(tcp::socket& socket) { return socket; }
inline tcp::socket& lowest_socket(TlsStream& stream) { return stream.next_layer(); }

inline void close_stream(auto& stream) {
  boost::system::error_code ignored;
  lowest_socket(stream).close(ignored);
}

inline void shutdown_send(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
}
inline void shutdown_send(TlsStream& stream) { close_stream(stream); }

// Sees each body chunk as it is relayed (e.g. to fill a cache).
using BodyTap = std::function<void(const char* data, std::size_t size)>;

// True when a kept-alive connection has not been closed (or written to) by the
// peer since the last exchange, i.e. the next request may be sent on it.
bool peer_still_open(tcp::socket& socket);

struct RelayCounters {
  std::uint64_t up = 0;    // client → upstream
  std::uint64_t down = 0;  // upstream → client
};

template <bool IsRequest, class In, class Out>
asio::awaitable<Expected<std::uint64_t, std::string>> relay_message(
    In& in, beast::flat_buffer& in_buffer, http::parser<IsRequest, http::buffer_body>& parser, Out& out,
    Watchdog& watchdog, std::chrono::milliseconds idle, BodyTap tap = {}) {
  auto& body = parser.get().body();
  body.data = nullptr;
  body.size = 0;
  body.more = !parser.is_done();
  http::serializer<IsRequest, http::buffer_body> serializer(parser.get());
  auto [header_error, header_bytes] = co_await http::async_write_header(out, serializer, use_tuple);
  if (header_error) co_return "writing the header: " + header_error.message();
  watchdog.expire_after(idle);

  // Beast sizes each read by the buffer's free capacity: a buffer sized for
  // the header would move the body in sub-kilobyte reads.
  constexpr std::size_t read_capacity = 32 * 1024;
  if (in_buffer.capacity() < read_capacity) in_buffer.reserve(read_capacity);
  std::array<char, 16 * 1024> chunk;
  std::uint64_t copied = 0;
  do {
    if (!parser.is_done()) {
      body.data = chunk.data();
      body.size = chunk.size();
      auto [read_error, read_bytes] = co_await http::async_read_some(in, in_buffer, parser, use_tuple);
      if (read_error && read_error != http::error::need_buffer) co_return "reading the body: " + read_error.message();
      watchdog.expire_after(idle);
      body.size = chunk.size() - body.size;
      body.data = chunk.data();
      body.more = !parser.is_done();
      // Nothing new yet (e.g. only a chunk header was parsed): an empty buffer
      // would make the serializer end a chunked body early, so read again.
      if (body.size == 0 && body.more) continue;
      if (tap && body.size > 0) tap(chunk.data(), body.size);
    } else {
      body.data = nullptr;
      body.size = 0;
      body.more = false;
    }
    copied += body.size;
    auto [write_error, written] = co_await http::async_write(out, serializer, use_tuple);
    if (write_error && write_error != http::error::need_buffer) co_return "writing the body: " + write_error.message();
    watchdog.expire_after(idle);
  } while (!parser.is_done() || !serializer.is_done());
  co_return copied;
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
