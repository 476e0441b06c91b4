#include "proxy/server/relay.hpp"

#include <boost/asio/post.hpp>
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

enum class Forwarded { at_once, after_wait, failed };

// Writes what the peer accepts now; the rest (if any) is copied and written
// asynchronously, so the per-thread buffer is free again before suspending.
asio::awaitable<Forwarded> forward(tcp::socket& to, const char* data, std::size_t size) {
  boost::system::error_code error;
  std::size_t sent = to.write_some(asio::buffer(data, size), error);
  if (error == asio::error::would_block || error == asio::error::try_again) {
    error = {};
    sent = 0;
  }
  if (error) co_return Forwarded::failed;
  if (sent == size) co_return Forwarded::at_once;
  std::vector<char> rest(data + sent, data + size);
  auto [write_error, written] = co_await asio::async_write(to, asio::buffer(rest), use_tuple);
  co_return write_error ? Forwarded::failed : Forwarded::after_wait;
}

enum class Drain { dry, more, ended, failed };

// Copies what `from` holds now, read by read, until the socket is dry: a read
// that came back short, with nothing waited for since, means the kernel had no
// more (the connection stays on one thread, so no readiness edge was missed:
// see worker_pool.hpp). After a few full buffers it returns `more`, to let
// other connections run. An EOF is passed on as a half-close.
asio::awaitable<Drain> drain_readable(tcp::socket& from, tcp::socket& to, Watchdog& watchdog,
                                      std::chrono::milliseconds idle, std::uint64_t& counter) {
  constexpr int reads_per_turn = 8;
  for (int reads = 0; reads < reads_per_turn; ++reads) {
    auto& buffer = thread_buffer();
    boost::system::error_code read_error;
    std::size_t read_bytes = from.read_some(asio::buffer(buffer), read_error);
    if (read_error == asio::error::would_block || read_error == asio::error::try_again) co_return Drain::dry;
    if (read_error == asio::error::eof) {
      shutdown_send(to);
      co_return Drain::ended;
    }
    if (read_error) co_return Drain::failed;
    auto forwarded = co_await forward(to, buffer.data(), read_bytes);
    if (forwarded == Forwarded::failed) co_return Drain::failed;
    counter += read_bytes;
    watchdog.expire_after(idle);
    if (read_bytes < buffer.size() && forwarded == Forwarded::at_once) co_return Drain::dry;
  }
  co_return Drain::more;
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
  for (auto drained = Drain::dry;;) {
    if (drained == Drain::more) {
      co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);  // others first, then read on without waiting
    } else {
      auto [wait_error] = co_await from.async_wait(tcp::socket::wait_read, use_tuple);
      if (wait_error) break;
    }
    drained = co_await drain_readable(from, to, watchdog, idle, counter);
    if (drained == Drain::ended) co_return;
    if (drained == Drain::failed) break;
  }
  close_stream(from);
  close_stream(to);
}

}  // namespace octobot::proxy
