// The on-disk layout of the registry cache and its recovery at start-up.
//
//   <root>/lock               flock()ed by the one RegistryCache using <root>
//   <root>/sha256/<hex>       object bytes; the mtime records the last use (LRU)
//   <root>/sha256/<hex>.meta  EntryMeta JSON (content type, size)
//   <root>/tmp/               fills in progress; anything here at start-up is junk
//
// Contract: an entry exists only if both files exist, the meta decodes and the
// content's size equals the meta's size. recover_entries() deletes everything
// else it recognises (temp files, orphan or bad meta, truncated or unexplained
// content named like a digest) and leaves unknown names alone. It does not
// re-hash content (that would read the whole cache at every start).
// Nothing here throws (except std::bad_alloc).
#pragma once
#include "lib/fs/unique_fd.hpp"
#include "lib/result.hpp"
#include "proxy/cache/lru_index.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace octobot::proxy {

class CacheLayout {
 public:
  explicit CacheLayout(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string objects_dir() const { return root_ + "/sha256"; }
  std::string temp_dir() const { return root_ + "/tmp"; }
  std::string lock_path() const { return root_ + "/lock"; }
  // `key` must satisfy is_object_key (it becomes part of a path).
  std::string content_path(const std::string& key) const { return objects_dir() + "/" + key; }
  std::string meta_path(const std::string& key) const { return content_path(key) + ".meta"; }

 private:
  std::string root_;
};

// 64 lowercase hex digits: the only names that become object paths.
bool is_object_key(std::string_view key);

struct RecoveredEntry {
  IndexEntry entry;
  std::int64_t last_used_ns = 0;  // the content file's mtime
};

struct Recovery {
  std::vector<RecoveredEntry> entries;  // least recently used first
  std::size_t dropped_entries = 0;
  std::size_t removed_temp_files = 0;
};

// Creates root, objects and temp directories (mode 0700) as needed.
Expected<void, std::string> prepare_directories(const CacheLayout& layout);

// Takes the exclusive lock on <root>/lock; fails if another cache holds it.
Expected<files::UniqueFd, std::string> lock_cache_directory(const CacheLayout& layout);

Recovery recover_entries(const CacheLayout& layout);

// Deletes an entry's content and meta files (missing files are fine).
void remove_entry_files(const CacheLayout& layout, const std::string& key);

}  // namespace octobot::proxy
