#include "lib/http/sse.hpp"

#include <boost/asio/as_tuple.hpp>

namespace octobot::http {

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

void append_field(std::string& out, std::string_view name, std::string_view value) {
  // A field value cannot contain a line break: each line becomes its own field.
  std::size_t start = 0;
  while (true) {
    std::size_t newline = value.find('\n', start);
    std::string_view line = value.substr(start, newline == std::string_view::npos ? std::string_view::npos : newline - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.append(name).append(": ").append(line).push_back('\n');
    if (newline == std::string_view::npos) break;
    start = newline + 1;
  }
}

std::string single_line(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}
}  // namespace

std::string format_sse_event(const SseEvent& event) {
  std::string out;
  out.reserve(event.data.size() + 64);
  if (event.id) out.append("id: ").append(single_line(*event.id)).push_back('\n');
  if (event.event) out.append("event: ").append(single_line(*event.event)).push_back('\n');
  append_field(out, "data", event.data);
  out.push_back('\n');
  return out;
}

SseWriter::SseWriter(Stream& stream, std::chrono::seconds write_timeout)
    : stream_(stream), write_timeout_(write_timeout) {}

asio::awaitable<beast::error_code> SseWriter::start(const Request& request,
                                                    const std::vector<std::pair<std::string, std::string>>& extra_headers) {
  std::string head = request.version() == 10 ? "HTTP/1.0 200 OK\r\n" : "HTTP/1.1 200 OK\r\n";
  head +=
      "Content-Type: text/event-stream\r\n"
      "Cache-Control: no-cache, no-transform\r\n"
      "X-Accel-Buffering: no\r\n"
      "Connection: close\r\n";
  for (auto& [name, value] : extra_headers) head += name + ": " + single_line(value) + "\r\n";
  head += "\r\n";
  auto ec = co_await write(std::move(head));
  // A HEAD response ends with its head: tell the caller to send no events.
  if (!ec && request.method() == Method::head) ec = beast::http::error::end_of_stream;
  co_return ec;
}

// Temporaries are named before each co_await: GCC 12 may destroy a temporary
// of a co_await full-expression twice.
asio::awaitable<beast::error_code> SseWriter::send(const SseEvent& event) {
  std::string wire = format_sse_event(event);
  co_return co_await write(std::move(wire));
}

asio::awaitable<beast::error_code> SseWriter::comment(std::string_view text) {
  std::string wire = ": " + single_line(text) + "\n\n";
  co_return co_await write(std::move(wire));
}

asio::awaitable<beast::error_code> SseWriter::write(std::string data) {
  stream_.expires_after(write_timeout_);
  auto [ec, written] = co_await asio::async_write(stream_, asio::buffer(data), kTuple);
  (void)written;
  co_return ec;
}

}  // namespace octobot::http
