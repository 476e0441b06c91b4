#include "proxy/cache/fill_completion.hpp"

#include "lib/log/log.hpp"

#include <exception>

namespace octobot::proxy {
namespace {

void run_callback(const std::function<void()>& callback) noexcept {
  try {
    callback();
  } catch (const std::exception& error) {
    log::error("registry cache: fill callback threw", {{"error", error.what()}});
  } catch (...) {
    log::error("registry cache: fill callback threw a non-standard exception");
  }
}

}  // namespace

std::shared_ptr<FillCompletion> FillCompletion::already_finished() {
  auto completion = std::make_shared<FillCompletion>();
  completion->finish();
  return completion;
}

void FillCompletion::on_done(std::function<void()> callback) {
  if (!callback) return;
  {
    std::lock_guard lock(mutex_);
    if (!finished_) {
      callbacks_.push_back(std::move(callback));
      return;
    }
  }
  run_callback(callback);
}

void FillCompletion::finish() {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
    callbacks.swap(callbacks_);
  }
  for (const auto& callback : callbacks) run_callback(callback);
}

bool FillCompletion::finished() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

}  // namespace octobot::proxy
