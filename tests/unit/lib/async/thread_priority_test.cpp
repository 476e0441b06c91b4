#include "lib/async/thread_priority.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/post.hpp>

#include <mutex>
#include <set>
#include <sys/resource.h>
#include <unistd.h>

TEST_CASE("every thread of the pool gets the lower priority", "[async]") {
  constexpr int kThreads = 3;
  boost::asio::thread_pool pool(kThreads);
  octobot::async::lower_priority(pool, kThreads, 7);
  std::mutex mutex;
  std::set<int> priorities;
  for (int i = 0; i < 60; ++i) {
    boost::asio::post(pool, [&] {
      const int priority = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
      std::lock_guard lock(mutex);
      priorities.insert(priority);
    });
  }
  pool.join();
  CHECK(priorities == std::set<int>{7});
  CHECK(::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid())) == 0);  // the caller's own is unchanged
}
