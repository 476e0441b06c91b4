// SseReader: a blocking Server-Sent Events client for tests, over
// http::Client::open() and ResponseStream on a private io_context.
//
// The constructor sends the GET and waits for the response header. next()
// returns the next event (comment-only frames such as ": keep-alive" are
// skipped) or nullopt when the stream ends, breaks, or stays silent for
// kSafetyTimeout, which exists only so a broken server cannot hang the suite.
// read_until() reads events until one satisfies the predicate and returns all
// of them, that one last; it FAILs the test if the stream ends first.
#pragma once
#include "lib/http/client.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace octobot::testing {

struct SseFrame {
  std::string id;     // the "id:" field, "" when absent
  std::string event;  // the "event:" field, "" when absent
  std::string data;   // the "data:" lines joined with "\n"
};

class SseReader {
 public:
  static constexpr std::chrono::seconds kSafetyTimeout{20};

  SseReader(const std::string& base_url, const std::string& target, const http::Headers& headers = {});
  // Any request (POST …/chat streams its answer); `timeout` bounds each wait for bytes.
  SseReader(const std::string& base_url, http::Method method, const std::string& target, std::string body,
            const http::Headers& headers, std::chrono::seconds timeout = kSafetyTimeout);
  ~SseReader();
  SseReader(const SseReader&) = delete;
  SseReader& operator=(const SseReader&) = delete;

  unsigned status() const;
  std::string header(std::string_view name) const;
  // The whole body of a non-streaming (error) response.
  std::string read_body();

  std::optional<SseFrame> next();
  std::vector<SseFrame> read_until(const std::function<bool(const SseFrame&)>& done);

 private:
  // Reads more bytes into buffer_; false at the end of the stream or on failure.
  bool fill();

  boost::asio::io_context io_;
  std::unique_ptr<http::Client> client_;
  std::optional<http::ResponseStream> stream_;
  std::string buffer_;
};

}  // namespace octobot::testing
