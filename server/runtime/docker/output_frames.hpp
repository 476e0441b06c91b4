// OutputFrames: Docker's multiplexed output of a container without a TTY
// (GET /containers/{id}/logs, exec start): frames of an 8-byte header
// [stream, 0, 0, 0, size (4 bytes, big-endian)] followed by `size` bytes.
//
// Contract: feed() takes bytes as they arrive, split anywhere, and appends
// the payload of every complete frame (stdout and stderr alike) to text();
// an incomplete frame waits for more bytes.
#pragma once
#include <string>
#include <string_view>

namespace octobot::runtime {

class OutputFrames {
 public:
  void feed(std::string_view bytes);
  const std::string& text() const { return text_; }

 private:
  std::string pending_;
  std::string text_;
};

}  // namespace octobot::runtime
