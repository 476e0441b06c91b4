#include "proxy/server/worker_pool.hpp"

namespace octobot::proxy {

namespace asio = boost::asio;

WorkerPool::WorkerPool(asio::io_context& main, unsigned threads) : main_(main) {
  for (unsigned i = 1; i < threads; ++i) {
    extra_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*extra_.back()));
  }
}

WorkerPool::~WorkerPool() {
  stop();
  join();
}

asio::io_context& WorkerPool::next() {
  unsigned worker = turn_++ % static_cast<unsigned>(extra_.size() + 1);
  return worker == 0 ? main_ : *extra_[worker - 1];
}

void WorkerPool::start() {
  for (auto& io : extra_) threads_.emplace_back([&context = *io] { context.run(); });
}

void WorkerPool::stop() {
  for (auto& io : extra_) io->stop();
}

void WorkerPool::join() {
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

}  // namespace octobot::proxy
