// agent/restart_policy: back-off and giving up after repeated crashes.
#include "agent/restart_policy.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using octobot::agent::backoff_delay;
using octobot::agent::Clock;
using octobot::agent::CrashHistory;
using octobot::agent::RestartPolicy;

TEST_CASE("restart policy: exponential back-off, capped", "[agent][restart]") {
  RestartPolicy policy;
  CHECK(backoff_delay(policy, 1) == 500ms);
  CHECK(backoff_delay(policy, 2) == 1s);
  CHECK(backoff_delay(policy, 3) == 2s);
  CHECK(backoff_delay(policy, 4) == 4s);
  CHECK(backoff_delay(policy, 7) == 30s);  // 32 s, capped
  CHECK(backoff_delay(policy, 1000) == 30s);
  policy.initial_delay = 0ms;
  CHECK(backoff_delay(policy, 5) == 0ms);
}

TEST_CASE("restart policy: give up at the crash limit within the window", "[agent][restart]") {
  CrashHistory history(RestartPolicy{});
  const Clock::time_point t0{};
  for (int i = 1; i <= 4; ++i) {
    const auto decision = history.record_crash(t0 + std::chrono::seconds(i));
    CHECK_FALSE(decision.give_up);
    CHECK(decision.crashes_in_window == i);
  }
  const auto fifth = history.record_crash(t0 + 5s);
  CHECK(fifth.give_up);
  CHECK(fifth.crashes_in_window == 5);
}

TEST_CASE("restart policy: crashes older than the window are forgotten", "[agent][restart]") {
  CrashHistory history(RestartPolicy{});
  const Clock::time_point t0{};
  for (int i = 0; i < 4; ++i) history.record_crash(t0 + std::chrono::seconds(i));
  // 60 s after the first crash, the first one no longer counts.
  const auto decision = history.record_crash(t0 + 60s);
  CHECK_FALSE(decision.give_up);
  CHECK(decision.crashes_in_window == 4);
  CHECK(decision.delay == 4s);
  // A child that ran quietly for a whole window starts again at the first delay.
  const auto later = history.record_crash(t0 + 200s);
  CHECK(later.crashes_in_window == 1);
  CHECK(later.delay == 500ms);
}

TEST_CASE("restart policy: a crash limit of 1 never restarts", "[agent][restart]") {
  RestartPolicy policy;
  policy.crash_limit = 1;
  CrashHistory history(policy);
  CHECK(history.record_crash(Clock::time_point{}).give_up);
}
