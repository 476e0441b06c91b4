#include "server/runtime/docker/output_frames.hpp"

#include <catch2/catch.hpp>

using octobot::runtime::OutputFrames;

namespace {

std::string frame(char stream, const std::string& payload) {
  std::string out = {stream, 0, 0, 0};
  const auto size = static_cast<std::uint32_t>(payload.size());
  out += static_cast<char>(size >> 24);
  out += static_cast<char>(size >> 16);
  out += static_cast<char>(size >> 8);
  out += static_cast<char>(size);
  return out + payload;
}

}  // namespace

TEST_CASE("stdout and stderr frames are joined in order", "[runtime][docker]") {
  OutputFrames frames;
  frames.feed(frame(1, "hello\n") + frame(2, "octobot-agent: set-up step 'firewall' failed\n"));
  CHECK(frames.text() == "hello\noctobot-agent: set-up step 'firewall' failed\n");
}

TEST_CASE("a frame split anywhere waits for its end", "[runtime][docker]") {
  const std::string bytes = frame(1, "abc") + frame(2, std::string(300, 'x'));
  for (std::size_t split = 0; split <= bytes.size(); ++split) {
    OutputFrames frames;
    frames.feed(bytes.substr(0, split));
    frames.feed(bytes.substr(split));
    INFO(split);
    CHECK(frames.text() == "abc" + std::string(300, 'x'));
  }
  OutputFrames partial;
  partial.feed(frame(1, "abcdef").substr(0, 10));
  CHECK(partial.text().empty());
}
