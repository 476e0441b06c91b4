// The proxy port: accepts connections and serves each on the next worker
// event loop (see worker_pool.hpp), where it stays until it closes.
//
// Contract: at most limits.max_connections client connections are served at
// once; one more is accepted and closed at once (counted as refused, logged).
// stop() closes the acceptor; connections in progress run to completion.
// When the last open connection ends, freed heap memory is returned to the
// system (malloc_trim, at most once a second), so an idle proxy stays small.
#pragma once
#include "proxy/server/runtime.hpp"
#include "proxy/server/worker_pool.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace octobot::proxy {

class ProxyListener {
 public:
  // The acceptor runs on `io`; connections are served on `workers`.
  ProxyListener(boost::asio::io_context& io, WorkerPool& workers, std::shared_ptr<Runtime> runtime);

  // Binds and listens (port 0 picks one); returns the bound endpoint.
  Expected<boost::asio::ip::tcp::endpoint, std::string> listen(const boost::asio::ip::tcp::endpoint& endpoint);
  void start();
  void stop();

 private:
  boost::asio::awaitable<void> accept_loop();

  boost::asio::io_context& io_;
  WorkerPool& workers_;
  std::shared_ptr<Runtime> runtime_;
  boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace octobot::proxy
