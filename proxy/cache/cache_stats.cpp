#include "proxy/cache/cache_stats.hpp"

namespace octobot::proxy {

nlohmann::json to_json(const CacheStats& stats) {
  return {
      {"entries", stats.entries},
      {"bytes", stats.bytes},
      {"max_size", stats.max_size},
      {"hits", stats.hits},
      {"misses", stats.misses},
      {"fills", stats.fills},
      {"aborted_fills", stats.aborted_fills},
      {"coalesced_waits", stats.coalesced_waits},
      {"evictions", stats.evictions},
      {"digest_mismatches", stats.digest_mismatches},
  };
}

}  // namespace octobot::proxy
