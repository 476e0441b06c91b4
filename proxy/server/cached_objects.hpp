// The registry cache inside an intercepted connection (DESIGN.md §7).
//
// Contract of lookup_or_claim(): for a request that names a registry object
// by digest (match_registry_object), either serves it from the cache (HIT:
// 200 with Content-Type, Content-Length, Docker-Content-Digest and
// "X-Cache: HIT"; HEAD gets no body) and returns served, or returns forward
// with `fill` set when this request is the one that fetches the object for
// the cache. A request that finds another one fetching the same digest waits
// for it (bounded by the idle timeout) and then serves the stored copy, so
// concurrent requests for one digest fetch it upstream once.
#pragma once
#include "proxy/cache/registry_cache.hpp"
#include "proxy/cache/registry_route.hpp"
#include "proxy/server/access_log.hpp"
#include "proxy/server/relay.hpp"

#include <optional>

namespace octobot::proxy {

enum class CacheOutcome { served, forward, failed };

asio::awaitable<CacheOutcome> lookup_or_claim(TlsSocket& client, RegistryCache& cache, const RegistryObject& object,
                                              bool keep_alive, std::chrono::milliseconds wait_limit,
                                              std::optional<Fill>& fill, AccessEntry& entry);

}  // namespace octobot::proxy
