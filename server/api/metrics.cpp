#include "server/api/metrics.hpp"

#include <sstream>

namespace octobot::api {

namespace {

// Label values escape backslash, quote and newline.
std::string escape_label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

void Metrics::record(const http::RequestRecord& record) {
  double seconds = std::chrono::duration<double>(record.duration).count();
  std::lock_guard lock(mutex_);
  ++requests_[std::make_tuple(record.route, record.method, record.status)];
  Histogram& histogram = latency_[record.route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++histogram.buckets[i];
  }
  ++histogram.count;
  histogram.sum += seconds;
}

std::string Metrics::render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP octobot_http_requests_total HTTP requests answered, by route pattern, method and status.\n"
         "# TYPE octobot_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out << "octobot_http_requests_total{method=\"" << boost::beast::http::to_string(method) << "\",route=\"" << escape_label(route)
        << "\",status=\"" << status << "\"} " << count << '\n';
  }
  out << "# HELP octobot_http_request_duration_seconds Time from the end of the request head to the response.\n"
         "# TYPE octobot_http_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    std::string label = "route=\"" + escape_label(route) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "octobot_http_request_duration_seconds_bucket{" << label << ",le=\"" << kBuckets[i] << "\"} "
          << histogram.buckets[i] << '\n';
    }
    out << "octobot_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << histogram.count << '\n';
    out << "octobot_http_request_duration_seconds_sum{" << label << "} " << histogram.sum << '\n';
    out << "octobot_http_request_duration_seconds_count{" << label << "} " << histogram.count << '\n';
  }
  out << "# HELP octobot_sse_open_streams Server-Sent Event streams currently open.\n"
         "# TYPE octobot_sse_open_streams gauge\n"
         "octobot_sse_open_streams "
      << open_streams_.load() << '\n';
  return out.str();
}

std::string render_chat_usage(const std::vector<service::ChatService::UsageTotal>& totals) {
  std::string out =
      "# HELP octobot_chat_turns_total Chat turns finished, by project and agent type.\n"
      "# TYPE octobot_chat_turns_total counter\n";
  auto labels = [](const service::ChatService::UsageTotal& total) {
    return "project=\"" + total.project_id + "\",agent_type=\"" + total.agent_type + "\"";
  };
  for (const auto& total : totals) out += "octobot_chat_turns_total{" + labels(total) + "} " + std::to_string(total.turns) + "\n";
  out += "# HELP octobot_chat_tokens_total Tokens the agents reported, by project, agent type and kind.\n"
         "# TYPE octobot_chat_tokens_total counter\n";
  for (const auto& total : totals) {
    const std::pair<const char*, std::int64_t> kinds[] = {{"input", total.usage.input_tokens},
                                                          {"output", total.usage.output_tokens},
                                                          {"cached", total.usage.cached_tokens}};
    for (const auto& [kind, count] : kinds) {
      out += "octobot_chat_tokens_total{" + labels(total) + ",kind=\"" + kind + "\"} " + std::to_string(count) + "\n";
    }
  }
  out += "# HELP octobot_chat_cost_usd_total Cost the agents reported, in US dollars.\n"
         "# TYPE octobot_chat_cost_usd_total counter\n";
  for (const auto& total : totals) {
    char cost[32];
    std::snprintf(cost, sizeof cost, "%.6f", static_cast<double>(total.usage.cost_micros) / 1e6);
    out += "octobot_chat_cost_usd_total{" + labels(total) + "} " + cost + "\n";
  }
  return out;
}

}  // namespace octobot::api
