// Incremental SHA-256 over a byte stream (OpenSSL EVP), for verifying a
// registry object while it is being downloaded.
//
// Contract: create() fails only if OpenSSL cannot allocate a context. update()
// may be called any number of times, finish_hex() once; after finish_hex() (or
// a failed update) the stream is spent and further calls return false/nullopt.
// Move-only. Never throws (except std::bad_alloc).
#pragma once
#include <memory>
#include <optional>
#include <span>
#include <string>

struct evp_md_ctx_st;

namespace octobot::proxy {

class Sha256Stream {
 public:
  static std::optional<Sha256Stream> create();

  bool update(std::span<const char> data);
  // 64 lowercase hex digits of the digest of everything passed to update().
  std::optional<std::string> finish_hex();

 private:
  struct ContextDeleter {
    void operator()(evp_md_ctx_st* context) const;
  };
  explicit Sha256Stream(std::unique_ptr<evp_md_ctx_st, ContextDeleter> context);

  std::unique_ptr<evp_md_ctx_st, ContextDeleter> context_;
};

}  // namespace octobot::proxy
