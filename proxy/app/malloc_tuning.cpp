#include "proxy/app/malloc_tuning.hpp"

#include <cstdlib>
#include <string>

#include <unistd.h>

namespace octobot::proxy {
namespace {

constexpr const char* kTunedMarker = "OCTOBOT_PROXY_MALLOC_TUNED";
constexpr const char* kTunable = "glibc.malloc.tcache_count=1";

}  // namespace

void exec_with_malloc_tunables(char** argv) {
  if (std::getenv(kTunedMarker) != nullptr) return;
  const char* current = std::getenv("GLIBC_TUNABLES");
  std::string tunables = current != nullptr ? current : "";
  if (tunables.find("glibc.malloc.tcache_count=") != std::string::npos) return;
  tunables = tunables.empty() ? kTunable : tunables + ":" + kTunable;
  if (::setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0 || ::setenv(kTunedMarker, "1", 1) != 0) return;
  ::execv("/proc/self/exe", argv);
}

}  // namespace octobot::proxy
