// When a supervised child that exited unexpectedly is started again, and when
// the agent gives up on it.
//
// Contract:
// - A CrashHistory remembers the times of one child's unexpected exits
//   ("crashes"). record_crash(now) forgets the crashes older than
//   crash_window, adds this one and decides:
//     give_up  when crash_limit crashes (this one included) fall within
//              crash_window: the child is not started again;
//     delay    otherwise, the back-off before the next start:
//              initial_delay * 2^(n-1), at most max_delay, where n is the
//              number of crashes within the window (so a child that ran
//              quietly for a whole window starts again at initial_delay).
// - Defaults: 500 ms, 1 s, 2 s, 4 s, then the 5th crash within 60 s gives up
//   (a crash loop is given up on after about 8 s).
// - Pure: time comes from the caller; nothing throws except std::bad_alloc.
#pragma once
#include <chrono>
#include <deque>

namespace octobot::agent {

using Clock = std::chrono::steady_clock;

struct RestartPolicy {
  std::chrono::milliseconds initial_delay{500};
  std::chrono::milliseconds max_delay{30'000};
  int crash_limit = 5;  // >= 1
  std::chrono::milliseconds crash_window{60'000};
};

struct RestartDecision {
  bool give_up = false;
  std::chrono::milliseconds delay{0};  // meaningful when !give_up
  int crashes_in_window = 0;           // this crash included
};

// initial_delay * 2^(crashes_in_window - 1), capped at max_delay.
std::chrono::milliseconds backoff_delay(const RestartPolicy& policy, int crashes_in_window);

class CrashHistory {
 public:
  explicit CrashHistory(RestartPolicy policy) : policy_(policy) {}
  RestartDecision record_crash(Clock::time_point now);

 private:
  RestartPolicy policy_;
  std::deque<Clock::time_point> crashes_;
};

}  // namespace octobot::agent
