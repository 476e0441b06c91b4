// Fuzzes detect_protocol() on arbitrary first bytes. Properties: it never
// crashes, and an answer other than need_more is final: every longer prefix
// of the input gets the same answer.
#include "fuzz/fuzz_check.hpp"
#include "proxy/protocol/detect.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

using octobot::proxy::detect_protocol;
using octobot::proxy::ProtocolGuess;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  ProtocolGuess settled = ProtocolGuess::need_more;
  for (std::size_t length = 0; length <= size; ++length) {
    const ProtocolGuess guess = detect_protocol(bytes.first(length));
    FUZZ_CHECK(!octobot::proxy::to_string(guess).empty());
    if (settled != ProtocolGuess::need_more) FUZZ_CHECK(guess == settled);
    settled = guess;
  }
  if (size == 0) FUZZ_CHECK(settled == ProtocolGuess::need_more);
  return 0;
}
