// Metrics: request counters and a latency histogram in Prometheus text format.
//
// record() is called once per response (from any thread) and costs one mutex
// and a map lookup; render() produces the /metrics body:
//   octobot_http_requests_total{method,route,status}
//   octobot_http_request_duration_seconds{route} (histogram)
//   octobot_sse_open_streams
// and render_chat_usage() the chat usage counters.
#pragma once
#include "lib/http/server.hpp"
#include "server/service/chat.hpp"

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace octobot::api {

class Metrics {
 public:
  void record(const http::RequestRecord& record);
  void stream_opened() { open_streams_.fetch_add(1); }
  void stream_closed() { open_streams_.fetch_sub(1); }
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  // Keys view the router's route patterns, which live as long as the server.
  std::map<std::tuple<std::string_view, http::Method, unsigned>, std::uint64_t> requests_;
  std::map<std::string_view, Histogram> latency_;
  std::atomic<std::int64_t> open_streams_{0};
};

// The chat turns' usage since start-up, by project and agent type:
//   octobot_chat_turns_total, octobot_chat_tokens_total{kind="input"|"output"|"cached"},
//   octobot_chat_cost_usd_total
std::string render_chat_usage(const std::vector<service::ChatService::UsageTotal>& totals);

}  // namespace octobot::api
