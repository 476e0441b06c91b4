#include "proxy/server/relay.hpp"

#include <boost/asio/this_coro.hpp>

#include <sys/socket.h>

#include <cerrno>
#include <vector>

namespace octobot::proxy {
namespace {

constexpr std::size_t kTunnelBufferSize = 64 * 1024;

std::array<char, kTunnelBufferSize>& thread_buffer() {
  thread_local std::array<char, kTunnelBufferSize> buffer;
  return buffer;
}

// Writes what the peer accepts now; the rest (if any) is copied and written
// asynchronously, so the per-thread buffer is free again before suspending.
asio::awaitable<boost::system::error_code> forward(tcp::socket& to, const char* data, std::size_t size) {
  boost::system::error_code error;
  std::size_t sent = to.write_some(asio::buffer(data, size), error);
  if (error == asio::error::would_block || error == asio::error::try_again) {
    error = {};
    sent = 0;
  }
  if (error || sent == size) co_return error;
  std::vector<char> rest(data + sent, data + size);
  auto [write_error, written] = co_await asio::async_write(to, asio::buffer(rest), use_tuple);
  co_return write_error;
}

enum class Drain { dry, ended, failed };

// Copies what `from` holds now: reads until the socket is dry (or a few
// buffers, then lets other connections run), so a busy tunnel does not pay a
// readiness wait per buffer. An EOF is passed on as a half-close.
asio::awaitable<Drain> drain_readable(tcp::socket& from, tcp::socket& to, Watchdog& watchdog,
                                      std::chrono::milliseconds idle, std::uint64_t& counter) {
  constexpr int reads_per_wakeup = 8;
  for (int reads = 0; reads < reads_per_wakeup; ++reads) {
    auto& buffer = thread_buffer();
    boost::system::error_code read_error;
    std::size_t read_bytes = from.read_some(asio::buffer(buffer), read_error);
    if (read_error == asio::error::would_block || read_error == asio::error::try_again) co_return Drain::dry;
    if (read_error == asio::error::eof) {
      shutdown_send(to);
      co_return Drain::ended;
    }
    if (read_error) co_return Drain::failed;
    if (auto write_error = co_await forward(to, buffer.data(), read_bytes)) co_return Drain::failed;
    counter += read_bytes;
    watchdog.expire_after(idle);
  }
  co_return Drain::dry;
}

}  // namespace

bool peer_still_open(tcp::socket& socket) {
  if (!socket.is_open()) return false;
  char byte;
  auto read = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return read < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

asio::awaitable<void> copy_socket_direction(tcp::socket& from, tcp::socket& to, Watchdog& watchdog,
                                            std::chrono::milliseconds idle, std::uint64_t& counter) {
  boost::system::error_code ignored;
  from.non_blocking(true, ignored);
  to.non_blocking(true, ignored);
  for (;;) {
    auto [wait_error] = co_await from.async_wait(tcp::socket::wait_read, use_tuple);
    if (wait_error) break;
    auto drained = co_await drain_readable(from, to, watchdog, idle, counter);
    if (drained == Drain::ended) co_return;
    if (drained == Drain::failed) break;
  }
  close_stream(from);
  close_stream(to);
}

}  // namespace octobot::proxy
