// FillCompletion: the one-shot signal shared by a fill and the requests that
// wait for it.
//
// Contract: finish() is idempotent; the first call runs every registered
// callback once, on the calling thread, with no lock held. on_done() after
// finish() runs the callback at once on the caller's thread; before, it queues
// it. So each callback runs exactly once. An empty callback is ignored; an
// exception thrown by a callback is logged and swallowed (finish() runs in
// destructors). Thread-safe.
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace octobot::proxy {

class FillCompletion {
 public:
  static std::shared_ptr<FillCompletion> already_finished();

  void on_done(std::function<void()> callback);
  void finish();
  bool finished() const;

 private:
  mutable std::mutex mutex_;
  bool finished_ = false;
  std::vector<std::function<void()>> callbacks_;
};

}  // namespace octobot::proxy
