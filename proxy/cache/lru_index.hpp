// LruIndex: the in-memory index of committed cache entries, ordered from least
// to most recently used, with the running total of their sizes.
//
// Contract: keys are unique; insert_most_recent replaces an entry with the same
// key (adjusting the total). Not thread-safe: RegistryCache guards it with its
// mutex. Never throws (except std::bad_alloc).
#pragma once
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace octobot::proxy {

struct IndexEntry {
  std::string key;  // 64 lowercase hex digits of the SHA-256
  std::uint64_t size = 0;
  std::string content_type;
};

class LruIndex {
 public:
  const IndexEntry* find(const std::string& key) const;
  void insert_most_recent(IndexEntry entry);
  // Marks an entry as the most recently used; false if absent.
  bool touch(const std::string& key);
  std::optional<IndexEntry> erase(const std::string& key);
  // The least recently used key other than `keep`, if any.
  std::optional<std::string> least_recent_except(const std::string& keep) const;
  // Keys from least to most recently used.
  std::vector<std::string> keys_in_lru_order() const;
  void clear();

  std::size_t entries() const { return order_.size(); }
  std::uint64_t total_bytes() const { return total_bytes_; }

 private:
  std::list<IndexEntry> order_;  // front = least recently used
  std::unordered_map<std::string, std::list<IndexEntry>::iterator> by_key_;
  std::uint64_t total_bytes_ = 0;
};

}  // namespace octobot::proxy
