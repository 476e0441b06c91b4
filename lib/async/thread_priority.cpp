#include "lib/async/thread_priority.hpp"

#include <boost/asio/post.hpp>

#include <latch>
#include <sys/resource.h>
#include <unistd.h>

namespace octobot::async {

void lower_priority(boost::asio::thread_pool& pool, int threads, int nice) {
  std::latch all_running(threads);
  std::latch done(threads);
  for (int i = 0; i < threads; ++i) {
    boost::asio::post(pool, [&] {
      ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), nice);
      all_running.arrive_and_wait();  // one task per thread: none finishes before all have started
      done.count_down();
    });
  }
  done.wait();
}

}  // namespace octobot::async
