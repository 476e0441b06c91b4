#include "agent/restart_policy.hpp"

#include <algorithm>

namespace octobot::agent {

std::chrono::milliseconds backoff_delay(const RestartPolicy& policy, int crashes_in_window) {
  std::chrono::milliseconds delay = policy.initial_delay;
  for (int i = 1; i < crashes_in_window && delay < policy.max_delay; ++i) delay *= 2;
  return std::min(delay, policy.max_delay);
}

RestartDecision CrashHistory::record_crash(Clock::time_point now) {
  while (!crashes_.empty() && now - crashes_.front() >= policy_.crash_window) crashes_.pop_front();
  crashes_.push_back(now);
  RestartDecision decision;
  decision.crashes_in_window = static_cast<int>(crashes_.size());
  decision.give_up = decision.crashes_in_window >= policy_.crash_limit;
  if (!decision.give_up) decision.delay = backoff_delay(policy_, decision.crashes_in_window);
  return decision;
}

}  // namespace octobot::agent
