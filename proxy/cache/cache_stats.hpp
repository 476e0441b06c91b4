// Counters and gauges of the registry cache, as served by GET /cache/stats.
//
// Contract: entries, bytes and max_size describe the cache now; the other
// fields are cumulative since the RegistryCache was opened (clear() does not
// reset them, so they only ever grow). to_json never throws (except
// std::bad_alloc); its keys are the field names.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>

namespace octobot::proxy {

struct CacheStats {
  std::uint64_t entries = 0;            // committed objects on disk
  std::uint64_t bytes = 0;              // their total size
  std::uint64_t max_size = 0;           // the eviction limit for `bytes`
  std::uint64_t hits = 0;               // lookup() calls that found an object
  std::uint64_t misses = 0;             // lookup() calls that did not
  std::uint64_t fills = 0;              // fills committed (verified and stored)
  std::uint64_t aborted_fills = 0;      // fills that ended without being stored (incl. mismatches)
  std::uint64_t coalesced_waits = 0;    // begin_fill() calls answered with Wait
  std::uint64_t evictions = 0;          // objects removed to stay within max_size
  std::uint64_t digest_mismatches = 0;  // fills refused because the bytes had another digest
};

nlohmann::json to_json(const CacheStats& stats);

}  // namespace octobot::proxy
