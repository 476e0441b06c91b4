#include "proxy/cache/lru_index.hpp"

namespace octobot::proxy {

const IndexEntry* LruIndex::find(const std::string& key) const {
  const auto found = by_key_.find(key);
  return found == by_key_.end() ? nullptr : &*found->second;
}

void LruIndex::insert_most_recent(IndexEntry entry) {
  erase(entry.key);
  total_bytes_ += entry.size;
  order_.push_back(std::move(entry));
  by_key_[order_.back().key] = std::prev(order_.end());
}

bool LruIndex::touch(const std::string& key) {
  const auto found = by_key_.find(key);
  if (found == by_key_.end()) return false;
  order_.splice(order_.end(), order_, found->second);
  return true;
}

std::optional<IndexEntry> LruIndex::erase(const std::string& key) {
  const auto found = by_key_.find(key);
  if (found == by_key_.end()) return std::nullopt;
  IndexEntry entry = std::move(*found->second);
  order_.erase(found->second);
  by_key_.erase(found);
  total_bytes_ -= entry.size;
  return entry;
}

std::optional<std::string> LruIndex::least_recent_except(const std::string& keep) const {
  for (const IndexEntry& entry : order_) {
    if (entry.key != keep) return entry.key;
  }
  return std::nullopt;
}

std::vector<std::string> LruIndex::keys_in_lru_order() const {
  std::vector<std::string> keys;
  keys.reserve(order_.size());
  for (const IndexEntry& entry : order_) keys.push_back(entry.key);
  return keys;
}

void LruIndex::clear() {
  order_.clear();
  by_key_.clear();
  total_bytes_ = 0;
}

}  // namespace octobot::proxy
