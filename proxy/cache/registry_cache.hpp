// RegistryCache: the on-disk, content-addressed store behind the proxy's
// Docker registry cache (DESIGN.md §7). No networking: the proxy matches a
// request with match_registry_object(), asks lookup(), and on a miss streams
// the upstream response to its client and into a Fill at the same time.
//
//   auto found = cache->lookup(object.digest);          // hit: serve found->file
//   auto begun = cache->begin_fill(object.digest, type); // miss:
//     Fill   -> append() each body chunk, commit() at the end (or drop it)
//     Wait   -> on_done(cb); in cb call lookup() again (miss: begin_fill again)
//     Bypass -> proxy without caching
//
// Contract:
// - Thread-safe: one mutex guards the index; file data is written and fsynced
//   outside it. Share the cache through the shared_ptr that open() returns;
//   every Fill keeps it alive.
// - Digests are "sha256:<64 lowercase hex>"; anything else is a miss/Bypass.
// - open() creates the directory (0700) if needed and takes an exclusive
//   flock on <dir>/lock, so two caches (even in one process) never share a
//   directory. It deletes leftover temp files, drops entries whose content is
//   missing or disagrees with its meta, restores the LRU order from the
//   content files' mtimes and evicts down to max_size. See cache_layout.hpp.
// - LRU: a lookup hit or a commit makes an entry the most recently used and
//   stamps its mtime with a strictly increasing time, so the order survives a
//   restart. Eviction removes least recently used entries until the total size
//   is within max_size; it never removes the entry just committed, and an
//   object larger than max_size is never stored (its Fill fails on append()).
// - lookup() returns an open descriptor: eviction and clear() unlink files but
//   a reader that holds one keeps reading all the bytes.
// - clear() removes every committed entry (fills in progress are unaffected and
//   may commit afterwards). Cumulative counters are kept (see cache_stats.hpp).
// - A blob and a manifest with the same digest are the same bytes and share one
//   entry; the content type stored is that of the fill that committed it.
// - Nothing here throws except std::bad_alloc.
#pragma once
#include "lib/fs/unique_fd.hpp"
#include "lib/result.hpp"
#include "proxy/cache/cache_fill.hpp"
#include "proxy/cache/cache_layout.hpp"
#include "proxy/cache/cache_stats.hpp"
#include "proxy/cache/lru_index.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace octobot::proxy {

struct CachedObject {
  files::UniqueFd file;  // positioned at 0; read with read() or pread()
  std::uint64_t size = 0;
  std::string content_type;
  std::string digest;  // "sha256:<hex>"
};

class RegistryCache : public std::enable_shared_from_this<RegistryCache> {
 public:
  static Expected<std::shared_ptr<RegistryCache>, std::string> open(std::string dir, std::uint64_t max_size);

  RegistryCache(const RegistryCache&) = delete;
  RegistryCache& operator=(const RegistryCache&) = delete;

  std::optional<CachedObject> lookup(const std::string& digest);
  BeginResult begin_fill(const std::string& digest, std::string content_type);

  CacheStats stats() const;
  void clear();

  const std::string& directory() const { return layout_.root(); }

 private:
  friend class Fill;

  RegistryCache(CacheLayout layout, std::uint64_t max_size, files::UniqueFd lock);

  void load(const Recovery& recovery);
  // Moves a verified fill's files into place and indexes it (Fill::commit).
  Expected<void, std::string> publish_fill(const std::string& key, const std::string& content_type,
                                           std::uint64_t size, const files::TempFile& content, const std::string& meta_path);
  // Forgets the in-flight fill of `key` and wakes its waiters.
  void end_fill(const std::string& key, const std::shared_ptr<FillCompletion>& completion);
  void count_aborted_fill(bool digest_mismatch);
  std::uint64_t max_size() const { return max_size_; }

  // Callers hold mutex_.
  std::int64_t next_stamp_locked();
  void evict_locked(const std::string& keep);
  void drop_locked(const std::string& key);

  const CacheLayout layout_;
  const std::uint64_t max_size_;
  const files::UniqueFd lock_;

  mutable std::mutex mutex_;
  LruIndex index_;
  std::map<std::string, std::shared_ptr<FillCompletion>> in_flight_;
  CacheStats stats_;
  std::int64_t last_stamp_ns_ = 0;
};

}  // namespace octobot::proxy
