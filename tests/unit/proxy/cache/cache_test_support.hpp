// Helpers for the registry cache tests: a private temp directory, digests,
// filling and reading objects.
#pragma once
#include "lib/crypto/crypto.hpp"
#include "proxy/cache/registry_cache.hpp"
#include "tests/unit/proxy/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace octobot::proxy::test {

// Where a test's cache lives inside its temp directory.
inline std::string cache_dir(const TempDir& temp) { return temp.file("cache"); }

inline std::string digest_of(std::string_view bytes) { return "sha256:" + crypto::sha256_hex(bytes); }
inline std::string hex_of(std::string_view bytes) { return crypto::sha256_hex(bytes); }

inline std::shared_ptr<RegistryCache> open_cache(const std::string& dir, std::uint64_t max_size) {
  auto cache = RegistryCache::open(dir, max_size);
  INFO((cache ? std::string() : cache.error()));
  REQUIRE(cache);
  return *cache;
}

inline Fill take_fill(BeginResult&& begun) {
  REQUIRE(std::holds_alternative<Fill>(begun));
  return std::move(std::get<Fill>(begun));
}

inline Wait take_wait(BeginResult&& begun) {
  REQUIRE(std::holds_alternative<Wait>(begun));
  return std::move(std::get<Wait>(begun));
}

// Stores `bytes` through a Fill, fed in two chunks.
inline void store(RegistryCache& cache, const std::string& bytes,
                  const std::string& content_type = "application/octet-stream") {
  Fill fill = take_fill(cache.begin_fill(digest_of(bytes), content_type));
  const std::size_t half = bytes.size() / 2;
  REQUIRE(fill.append(std::span<const char>(bytes.data(), half)));
  REQUIRE(fill.append(std::span<const char>(bytes.data() + half, bytes.size() - half)));
  const auto committed = fill.commit();
  INFO((committed ? std::string() : committed.error()));
  REQUIRE(committed);
}

inline std::string read_all(int fd) {
  std::string bytes;
  char buffer[4096];
  for (off_t offset = 0;;) {
    const ssize_t got = ::pread(fd, buffer, sizeof buffer, offset);
    REQUIRE(got >= 0);
    if (got == 0) return bytes;
    bytes.append(buffer, static_cast<std::size_t>(got));
    offset += got;
  }
}

inline std::vector<std::string> file_names(const std::string& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace octobot::proxy::test
