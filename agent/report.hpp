// report(): the agent's messages to the container log.
//
// Contract:
// - Each message is one line on stderr, "octobot-agent: <text>\n", written
//   with a single write() so that lines never interleave with the children's
//   output (they share the descriptor). Newlines inside `text` become spaces,
//   so one event is always one line.
// - Never throws (a failed write is dropped) and allocates at most one string.
#pragma once
#include <string_view>

namespace octobot::agent {

void report(std::string_view text);

}  // namespace octobot::agent
