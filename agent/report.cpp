#include "agent/report.hpp"

#include <cerrno>
#include <string>
#include <unistd.h>

namespace octobot::agent {

void report(std::string_view text) {
  try {
    std::string line = "octobot-agent: ";
    line.reserve(line.size() + text.size() + 1);
    for (const char c : text) line.push_back(c == '\n' || c == '\r' ? ' ' : c);
    line.push_back('\n');
    std::string_view rest = line;
    while (!rest.empty()) {
      const ssize_t n = ::write(STDERR_FILENO, rest.data(), rest.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
  } catch (...) {
    // Out of memory: nothing sensible is left to report with.
  }
}

}  // namespace octobot::agent
