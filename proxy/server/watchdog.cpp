#include "proxy/server/watchdog.hpp"

namespace octobot::proxy {

struct Watchdog::State : std::enable_shared_from_this<State> {
  State(boost::asio::any_io_executor executor, std::function<void()> callback)
      : timer(std::move(executor)), on_expire(std::move(callback)) {}

  void arm() {
    armed = true;
    timer.expires_at(deadline);
    timer.async_wait([self = shared_from_this()](boost::system::error_code) { self->wake(); });
  }

  void wake() {
    armed = false;
    if (stopped) return;
    if (std::chrono::steady_clock::now() < deadline) return arm();
    expired = true;
    stopped = true;
    auto callback = std::move(on_expire);
    callback();
  }

  boost::asio::steady_timer timer;
  std::function<void()> on_expire;
  std::chrono::steady_clock::time_point deadline;
  bool armed = false;
  bool stopped = false;
  bool expired = false;
};

Watchdog::Watchdog(boost::asio::any_io_executor executor, std::function<void()> on_expire)
    : state_(std::make_shared<State>(std::move(executor), std::move(on_expire))) {}

Watchdog::~Watchdog() { stop(); }

void Watchdog::expire_after(std::chrono::steady_clock::duration timeout) {
  if (state_->stopped) return;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool earlier = deadline < state_->deadline;
  state_->deadline = deadline;
  if (!state_->armed) {
    state_->arm();
  } else if (earlier) {
    state_->timer.cancel();  // wake() re-arms at the earlier deadline
  }
}

void Watchdog::stop() {
  if (state_->stopped) return;
  state_->stopped = true;
  state_->on_expire = nullptr;
  state_->timer.cancel();
}

bool Watchdog::expired() const { return state_->expired; }

}  // namespace octobot::proxy
