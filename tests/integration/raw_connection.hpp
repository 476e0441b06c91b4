// RawConnection: a blocking TCP connection to 127.0.0.1:<port> for tests that
// must send bytes no HTTP client would (garbage, huge headers, half requests).
//
// Every receive waits at most kSafetyTimeout (so a hung server fails the test
// instead of hanging it); sends never raise SIGPIPE. read_response() parses one
// HTTP/1.1 response with a Content-Length body (what the server sends for
// every non-streaming response) and returns nullopt if the connection closes
// or times out first. read_to_end() returns everything until the peer closes
// and whether it did close (false: the safety timeout expired).
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace octobot::testing {

struct RawResponse {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
};

// Parses one complete response at the start of `text` (nullopt if incomplete);
// `consumed` receives its length.
std::optional<RawResponse> parse_raw_response(const std::string& text, std::size_t* consumed = nullptr);

class RawConnection {
 public:
  static constexpr std::chrono::seconds kSafetyTimeout{20};

  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends all of `bytes`; false when the peer has closed or reset.
  bool send(const std::string& bytes);
  // Shuts down the sending direction (the peer reads EOF).
  void shutdown_write();

  std::optional<RawResponse> read_response();

  struct Ending {
    std::string bytes;
    bool closed = false;
  };
  Ending read_to_end();

 private:
  // Receives into buffer_; 0 on orderly close, -1 on error or timeout.
  long receive();

  int fd_ = -1;
  std::string buffer_;
};

}  // namespace octobot::testing
