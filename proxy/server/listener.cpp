#include "proxy/server/listener.hpp"

#include "proxy/server/session.hpp"

#include "lib/log/log.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <malloc.h>

#include <atomic>
#include <chrono>

namespace octobot::proxy {

namespace {

// Back to idle: hands the memory of the last connections back to the system
// (a proxy per session should stay small), at most once a second, so clients
// that connect one after another do not pay for trimming and regrowing.
void trim_heap_when_idle() {
  static std::atomic<std::int64_t> last_trim{0};
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now().time_since_epoch()).count();
  auto previous = last_trim.load();
  if (now - previous < 1000 || !last_trim.compare_exchange_strong(previous, now)) return;
  ::malloc_trim(0);
}

}  // namespace

ProxyListener::ProxyListener(asio::io_context& io, WorkerPool& workers, std::shared_ptr<Runtime> runtime)
    : io_(io), workers_(workers), runtime_(std::move(runtime)), acceptor_(io) {}

Expected<tcp::endpoint, std::string> ProxyListener::listen(const tcp::endpoint& endpoint) {
  boost::system::error_code error;
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return "cannot listen on " + endpoint.address().to_string() + ":" + std::to_string(endpoint.port()) + ": " +
           error.message();
  }
  return acceptor_.local_endpoint();
}

void ProxyListener::start() { asio::co_spawn(io_, accept_loop(), asio::detached); }

void ProxyListener::stop() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

asio::awaitable<void> ProxyListener::accept_loop() {
  for (;;) {
    auto [error, socket] = co_await acceptor_.async_accept(workers_.next(), use_tuple);
    if (error == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (error) {
      log::warn("accept failed", nlohmann::json{{"error", error.message()}});
      continue;
    }
    runtime_->accepted_connections++;
    if (runtime_->open_connections.load() >= runtime_->limits().max_connections) {
      runtime_->refused_connections++;
      log::warn("connection refused: too many open connections",
                nlohmann::json{{"max_connections", runtime_->limits().max_connections}});
      continue;  // the socket closes here
    }
    runtime_->open_connections++;
    auto runtime = runtime_;
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve_client(runtime, std::move(socket)),
                   [runtime](std::exception_ptr failure) {
                     if (--runtime->open_connections == 0) trim_heap_when_idle();
                     if (failure) log::error("connection ended with an exception");
                   });
  }
}

}  // namespace octobot::proxy
