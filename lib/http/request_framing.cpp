#include "lib/http/request_framing.hpp"

#include <vector>

namespace octobot::http {

namespace {

// The values of every field named `name`, in order.
std::vector<std::string_view> field_values(const beast::http::fields& fields, Field name) {
  std::vector<std::string_view> values;
  auto [first, last] = fields.equal_range(name);
  for (auto it = first; it != last; ++it) values.emplace_back(it->value());
  return values;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<std::string> transfer_encoding_problem(const beast::http::request_header<>& header) {
  auto codings = field_values(header, Field::transfer_encoding);
  if (codings.empty()) return std::nullopt;
  if (header.version() < 11) return "Transfer-Encoding is not allowed in an HTTP/1.0 request";
  if (header.count(Field::content_length) > 0) return "a request may not have both Transfer-Encoding and Content-Length";
  if (codings.size() != 1 || !beast::iequals(trim(codings.front()), "chunked")) {
    return "Transfer-Encoding must be exactly \"chunked\"";
  }
  return std::nullopt;
}

std::optional<std::string> content_length_problem(const beast::http::request_header<>& header) {
  auto lengths = field_values(header, Field::content_length);
  if (lengths.size() > 1 || (lengths.size() == 1 && lengths.front().find(',') != std::string_view::npos)) {
    return "a request may have only one Content-Length";
  }
  return std::nullopt;
}

std::optional<std::string> host_problem(const beast::http::request_header<>& header, HostRule host_rule) {
  std::size_t hosts = header.count(Field::host);
  if (hosts > 1) return "a request may have only one Host header";
  if (hosts == 0 && host_rule == HostRule::required && header.version() >= 11) {
    return "an HTTP/1.1 request must have a Host header";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> framing_problem(const beast::http::request_header<>& header, HostRule host_rule) {
  if (auto problem = transfer_encoding_problem(header)) return problem;
  if (auto problem = content_length_problem(header)) return problem;
  return host_problem(header, host_rule);
}

}  // namespace octobot::http
