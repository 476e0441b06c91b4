#include "proxy/cache/registry_cache.hpp"

#include "lib/log/log.hpp"
#include "proxy/cache/cache_files.hpp"
#include "proxy/cache/cache_meta.hpp"
#include "proxy/cache/registry_route.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

namespace octobot::proxy {
namespace {

constexpr std::size_t kDigestPrefixLength = 7;  // "sha256:"

std::optional<std::string> object_key(const std::string& digest) {
  if (!is_sha256_digest(digest)) return std::nullopt;
  return digest.substr(kDigestPrefixLength);
}

// The object's file, if it still has the indexed size.
files::UniqueFd open_content(const std::string& path, std::uint64_t expected_size) {
  files::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  struct stat info {};
  if (!fd || ::fstat(fd.get(), &info) != 0 || static_cast<std::uint64_t>(info.st_size) != expected_size) {
    return files::UniqueFd();
  }
  return fd;
}

Expected<void, std::string> rename_file(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) == 0) return {};
  return os_error("cannot rename " + from + " to", to, errno);
}

}  // namespace

Expected<std::shared_ptr<RegistryCache>, std::string> RegistryCache::open(std::string dir, std::uint64_t max_size) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  CacheLayout layout(std::move(dir));
  if (auto prepared = prepare_directories(layout); !prepared) return prepared.error();
  auto lock = lock_cache_directory(layout);
  if (!lock) return lock.error();

  const Recovery recovery = recover_entries(layout);
  std::shared_ptr<RegistryCache> cache(new RegistryCache(std::move(layout), max_size, std::move(*lock)));
  cache->load(recovery);
  if (recovery.dropped_entries > 0 || recovery.removed_temp_files > 0) {
    log::warn("registry cache: cleaned up after an unclean stop",
              {{"dir", cache->directory()},
               {"dropped_entries", recovery.dropped_entries},
               {"removed_temp_files", recovery.removed_temp_files}});
  }
  return cache;
}

RegistryCache::RegistryCache(CacheLayout layout, std::uint64_t max_size, files::UniqueFd lock)
    : layout_(std::move(layout)), max_size_(max_size), lock_(std::move(lock)) {
  stats_.max_size = max_size;
}

void RegistryCache::load(const Recovery& recovery) {
  std::lock_guard lock(mutex_);
  for (const RecoveredEntry& recovered : recovery.entries) {
    index_.insert_most_recent(recovered.entry);
    last_stamp_ns_ = std::max(last_stamp_ns_, recovered.last_used_ns);
  }
  evict_locked("");
}

std::optional<CachedObject> RegistryCache::lookup(const std::string& digest) {
  const auto key = object_key(digest);
  std::lock_guard lock(mutex_);
  const IndexEntry* entry = key ? index_.find(*key) : nullptr;
  if (entry == nullptr) {
    ++stats_.misses;
    return std::nullopt;
  }
  files::UniqueFd file = open_content(layout_.content_path(*key), entry->size);
  if (!file) {  // removed or altered behind our back
    drop_locked(*key);
    ++stats_.misses;
    return std::nullopt;
  }
  set_mtime_ns(file.get(), next_stamp_locked());
  index_.touch(*key);
  ++stats_.hits;
  return CachedObject{std::move(file), entry->size, entry->content_type, digest};
}

BeginResult RegistryCache::begin_fill(const std::string& digest, std::string content_type) {
  const auto key = object_key(digest);
  if (!key) return Bypass{"not a sha256 digest: " + digest.substr(0, 80)};

  auto completion = std::make_shared<FillCompletion>();
  {
    std::lock_guard lock(mutex_);
    if (index_.find(*key) != nullptr) {
      ++stats_.coalesced_waits;
      return Wait(FillCompletion::already_finished());
    }
    if (const auto running = in_flight_.find(*key); running != in_flight_.end()) {
      ++stats_.coalesced_waits;
      return Wait(running->second);
    }
    in_flight_.emplace(*key, completion);
  }

  auto temp = files::create_temp_file(layout_.temp_dir() + "/" + *key + ".");
  auto hasher = Sha256Stream::create();
  if (!temp || !hasher) {
    if (temp) remove_file(temp->path);
    end_fill(*key, completion);
    return Bypass{temp ? std::string("cannot start SHA-256") : temp.error().message};
  }
  return Fill(shared_from_this(), *key, safe_content_type(std::move(content_type)), std::move(*temp),
              std::move(*hasher), completion);
}

CacheStats RegistryCache::stats() const {
  std::lock_guard lock(mutex_);
  CacheStats stats = stats_;
  stats.entries = index_.entries();
  stats.bytes = index_.total_bytes();
  return stats;
}

void RegistryCache::clear() {
  std::lock_guard lock(mutex_);
  for (const std::string& key : index_.keys_in_lru_order()) remove_entry_files(layout_, key);
  index_.clear();
}

Expected<void, std::string> RegistryCache::publish_fill(const std::string& key, const std::string& content_type,
                                                        std::uint64_t size, const files::TempFile& content,
                                                        const std::string& meta_path) {
  {
    std::lock_guard lock(mutex_);
    set_mtime_ns(content.fd.get(), next_stamp_locked());
    if (auto moved = rename_file(meta_path, layout_.meta_path(key)); !moved) return moved;
    if (auto moved = rename_file(content.path, layout_.content_path(key)); !moved) {
      remove_file(layout_.meta_path(key));
      return moved;
    }
    index_.insert_most_recent(IndexEntry{key, size, content_type});
    ++stats_.fills;
    evict_locked(key);
  }
  if (auto synced = files::sync_directory(layout_.objects_dir()); !synced) {
    log::warn("registry cache: entry stored but its directory was not synced", {{"error", synced.error().message}});
  }
  return {};
}

void RegistryCache::end_fill(const std::string& key, const std::shared_ptr<FillCompletion>& completion) {
  {
    std::lock_guard lock(mutex_);
    const auto running = in_flight_.find(key);
    if (running != in_flight_.end() && running->second == completion) in_flight_.erase(running);
  }
  completion->finish();
}

void RegistryCache::count_aborted_fill(bool digest_mismatch) {
  std::lock_guard lock(mutex_);
  ++stats_.aborted_fills;
  if (digest_mismatch) ++stats_.digest_mismatches;
}

std::int64_t RegistryCache::next_stamp_locked() {
  last_stamp_ns_ = std::max(now_ns(), last_stamp_ns_ + 1);
  return last_stamp_ns_;
}

void RegistryCache::evict_locked(const std::string& keep) {
  while (index_.total_bytes() > max_size_) {
    const auto victim = index_.least_recent_except(keep);
    if (!victim) break;
    drop_locked(*victim);
    ++stats_.evictions;
  }
  if (index_.total_bytes() > max_size_ && index_.find(keep) != nullptr) drop_locked(keep);
}

void RegistryCache::drop_locked(const std::string& key) {
  index_.erase(key);
  remove_entry_files(layout_, key);
}

}  // namespace octobot::proxy
