// The proxy's event loops: one io_context per thread, each run by exactly one
// thread.
//
// Contract: worker 0 is the caller's io_context (the acceptor, the control
// API and the signals live there too) and is run by the caller; start() runs
// workers 1..N-1 on threads of their own. next() hands out the workers round
// robin; a connection accepted into a worker stays on it for its whole life,
// so its sockets are only ever touched by one thread: no strands, and no
// readiness edge can be consumed by another thread between a read and the
// next wait. stop() ends every loop (safe from any thread); join() waits for
// the threads.
#pragma once
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace octobot::proxy {

class WorkerPool {
 public:
  WorkerPool(boost::asio::io_context& main, unsigned threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  boost::asio::io_context& next();
  void start();
  void stop();
  void join();

 private:
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

  boost::asio::io_context& main_;
  std::vector<std::unique_ptr<boost::asio::io_context>> extra_;  // workers 1..N-1
  std::vector<WorkGuard> guards_;
  std::vector<std::thread> threads_;
  std::atomic<unsigned> turn_{0};
};

}  // namespace octobot::proxy
