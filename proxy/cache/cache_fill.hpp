// The answers of RegistryCache::begin_fill(): Fill (you fetch the object and
// feed it to the cache), Wait (someone else is fetching it, or it is already
// stored) or Bypass (it cannot be cached; just proxy it).
//
// Fill contract (move-only RAII; use it from one thread at a time):
// - append() writes the bytes to a temp file under <dir>/tmp and hashes them.
//   It fails if the object grows beyond the cache's max_size or the disk write
//   fails; the fill is then already aborted (temp deleted, waiters woken) and
//   the caller should drop it and keep streaming to its client uncached.
// - commit() verifies the SHA-256 against the requested digest. On a mismatch
//   the temp file is deleted, nothing is cached and the error reads
//   "digest mismatch: expected sha256:<hex> got sha256:<hex>". On success the
//   bytes are fsynced, moved into place with their meta, least recently used
//   entries are evicted to stay within max_size, and waiters are woken.
// - Destroying a Fill that was not committed aborts it: temp deleted, waiters
//   woken (they will then miss in lookup() and may begin_fill() themselves).
// - After any failure every further call returns that failure.
//
// Wait contract: on_done(callback) runs `callback` exactly once, when the fill
// it waits for ends (committed or not), on the thread that ends it, with no
// cache lock held; or at once on the caller's thread if it has already ended.
// The callback should not block (post to your executor). Afterwards call
// lookup() again: a hit serves the object, a miss means the fill failed.
#pragma once
#include "lib/fs/file_io.hpp"
#include "lib/result.hpp"
#include "proxy/cache/fill_completion.hpp"
#include "proxy/cache/sha256_stream.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>

namespace octobot::proxy {

class RegistryCache;

class Fill {
 public:
  Fill(Fill&& other) noexcept = default;
  Fill& operator=(Fill&& other) noexcept;
  Fill(const Fill&) = delete;
  Fill& operator=(const Fill&) = delete;
  ~Fill();

  Expected<void, std::string> append(std::span<const char> data);
  Expected<void, std::string> commit();

  // The Content-Type to store, when it is only known once the response arrives.
  void set_content_type(std::string content_type) { content_type_ = std::move(content_type); }
  // "sha256:<hex>" that the bytes must hash to.
  std::string digest() const;
  std::uint64_t bytes_written() const { return bytes_written_; }

 private:
  friend class RegistryCache;
  Fill(std::shared_ptr<RegistryCache> cache, std::string key, std::string content_type, files::TempFile temp,
       Sha256Stream hasher, std::shared_ptr<FillCompletion> completion);

  Expected<void, std::string> usable() const;
  Expected<void, std::string> verify_digest();
  Expected<void, std::string> publish();
  Expected<void, std::string> store_meta(const files::TempFile& meta) const;
  // Ends the fill without storing it; returns `reason` as the error.
  std::string abandon(std::string reason, bool digest_mismatch = false);
  void abort_if_active() noexcept;

  std::shared_ptr<RegistryCache> cache_;  // null once moved from
  std::string key_;                       // 64 lowercase hex digits
  std::string content_type_;
  files::TempFile temp_;
  Sha256Stream hasher_;
  std::shared_ptr<FillCompletion> completion_;
  std::uint64_t bytes_written_ = 0;
  std::optional<std::string> failure_;
  bool committed_ = false;
};

class Wait {
 public:
  void on_done(std::function<void()> callback);

 private:
  friend class RegistryCache;
  explicit Wait(std::shared_ptr<FillCompletion> completion) : completion_(std::move(completion)) {}

  std::shared_ptr<FillCompletion> completion_;
};

struct Bypass {
  std::string reason;  // e.g. not a sha256 digest, or the temp file could not be created
};

using BeginResult = std::variant<Fill, Wait, Bypass>;

}  // namespace octobot::proxy
