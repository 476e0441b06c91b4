// Server-Sent Events writer over a taken connection (see Exchange::take_stream).
//
// start() writes the response head (text/event-stream, no caching, body ends
// when the connection closes); for a HEAD request it writes the head only and
// returns end_of_stream, so the caller stops before its first event. send() writes one event; multi-line data is split
// into several "data:" lines. comment() writes a ": ..." line for keep-alive.
// Every write has a timeout; an error means the client is gone.
#pragma once
#include "lib/http/types.hpp"

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>

namespace octobot::http {

struct SseEvent {
  std::optional<std::string> id;
  std::optional<std::string> event;  // the "event:" field; omitted for plain messages
  std::string data;
};

// Formats one event in wire form, ending with the blank line.
std::string format_sse_event(const SseEvent& event);

class SseWriter {
 public:
  explicit SseWriter(Stream& stream,
                     std::chrono::seconds write_timeout = std::chrono::seconds(30));
  asio::awaitable<beast::error_code> start(const Request& request,
                                           const std::vector<std::pair<std::string, std::string>>& extra_headers = {});
  asio::awaitable<beast::error_code> send(const SseEvent& event);
  asio::awaitable<beast::error_code> comment(std::string_view text);

 private:
  asio::awaitable<beast::error_code> write(std::string data);
  Stream& stream_;
  std::chrono::seconds write_timeout_;
};

}  // namespace octobot::http
