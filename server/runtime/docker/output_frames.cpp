#include "server/runtime/docker/output_frames.hpp"

#include <cstdint>

namespace octobot::runtime {

void OutputFrames::feed(std::string_view bytes) {
  pending_.append(bytes);
  std::size_t offset = 0;
  while (pending_.size() - offset >= 8) {
    const auto* header = reinterpret_cast<const unsigned char*>(pending_.data() + offset);
    const std::size_t size = (std::uint32_t{header[4]} << 24) | (std::uint32_t{header[5]} << 16) |
                             (std::uint32_t{header[6]} << 8) | std::uint32_t{header[7]};
    if (pending_.size() - offset - 8 < size) break;
    text_.append(pending_, offset + 8, size);
    offset += 8 + size;
  }
  pending_.erase(0, offset);
}

}  // namespace octobot::runtime
