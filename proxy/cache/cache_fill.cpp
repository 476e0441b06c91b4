#include "proxy/cache/cache_fill.hpp"

#include "proxy/cache/cache_files.hpp"
#include "proxy/cache/cache_meta.hpp"
#include "proxy/cache/registry_cache.hpp"

namespace octobot::proxy {

Fill::Fill(std::shared_ptr<RegistryCache> cache, std::string key, std::string content_type, files::TempFile temp,
           Sha256Stream hasher, std::shared_ptr<FillCompletion> completion)
    : cache_(std::move(cache)),
      key_(std::move(key)),
      content_type_(std::move(content_type)),
      temp_(std::move(temp)),
      hasher_(std::move(hasher)),
      completion_(std::move(completion)) {}

Fill& Fill::operator=(Fill&& other) noexcept {
  if (this == &other) return *this;
  abort_if_active();
  cache_ = std::move(other.cache_);
  key_ = std::move(other.key_);
  content_type_ = std::move(other.content_type_);
  temp_ = std::move(other.temp_);
  hasher_ = std::move(other.hasher_);
  completion_ = std::move(other.completion_);
  bytes_written_ = other.bytes_written_;
  failure_ = std::move(other.failure_);
  committed_ = other.committed_;
  return *this;
}

Fill::~Fill() { abort_if_active(); }

std::string Fill::digest() const { return "sha256:" + key_; }

Expected<void, std::string> Fill::append(std::span<const char> data) {
  if (auto ok = usable(); !ok) return ok;
  if (data.size() > cache_->max_size() - bytes_written_) {
    return abandon("object is larger than the cache's max_size of " + std::to_string(cache_->max_size()) +
                   " bytes; not cached");
  }
  const std::string_view bytes(data.data(), data.size());
  if (auto written = files::write_all(temp_.fd.get(), bytes, temp_.path); !written) {
    return abandon(written.error().message);
  }
  if (!hasher_.update(data)) return abandon("SHA-256 update failed");
  bytes_written_ += data.size();
  return {};
}

Expected<void, std::string> Fill::commit() {
  if (auto ok = usable(); !ok) return ok;
  if (auto verified = verify_digest(); !verified) return verified;
  if (auto synced = files::sync_file(temp_.fd.get(), temp_.path); !synced) return abandon(synced.error().message);
  if (auto published = publish(); !published) return abandon(published.error());
  committed_ = true;
  temp_.fd.reset();
  cache_->end_fill(key_, completion_);
  return {};
}

Expected<void, std::string> Fill::usable() const {
  if (!cache_) return std::string("fill was moved from");
  if (failure_) return *failure_;
  if (committed_) return std::string("fill was already committed");
  return {};
}

Expected<void, std::string> Fill::verify_digest() {
  const auto actual = hasher_.finish_hex();
  if (!actual) return abandon("SHA-256 finalisation failed");
  if (*actual == key_) return {};
  return abandon("digest mismatch: expected sha256:" + key_ + " got sha256:" + *actual, /*digest_mismatch=*/true);
}

Expected<void, std::string> Fill::publish() {
  const CacheLayout& layout = cache_->layout_;
  auto meta = files::create_temp_file(layout.temp_dir() + "/" + key_ + ".", ".meta");
  if (!meta) return meta.error().message;
  auto stored = store_meta(*meta);
  if (stored) stored = cache_->publish_fill(key_, content_type_, bytes_written_, temp_, meta->path);
  if (!stored) remove_file(meta->path);
  return stored;
}

Expected<void, std::string> Fill::store_meta(const files::TempFile& meta) const {
  const std::string meta_text = encode_meta(EntryMeta{content_type_, bytes_written_});
  auto written = files::write_all(meta.fd.get(), meta_text, meta.path);
  if (written) written = files::sync_file(meta.fd.get(), meta.path);
  if (!written) return written.error().message;
  return {};
}

std::string Fill::abandon(std::string reason, bool digest_mismatch) {
  failure_ = reason;
  temp_.fd.reset();
  remove_file(temp_.path);
  cache_->count_aborted_fill(digest_mismatch);
  cache_->end_fill(key_, completion_);
  return reason;
}

void Fill::abort_if_active() noexcept {
  if (cache_ && !committed_ && !failure_) abandon("fill aborted before commit");
}

void Wait::on_done(std::function<void()> callback) {
  if (completion_) completion_->on_done(std::move(callback));
}

}  // namespace octobot::proxy
