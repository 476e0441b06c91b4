#include "proxy/cache/sha256_stream.hpp"

#include "lib/crypto/encoding.hpp"

#include <openssl/evp.h>

namespace octobot::proxy {

void Sha256Stream::ContextDeleter::operator()(evp_md_ctx_st* context) const { EVP_MD_CTX_free(context); }

Sha256Stream::Sha256Stream(std::unique_ptr<evp_md_ctx_st, ContextDeleter> context) : context_(std::move(context)) {}

std::optional<Sha256Stream> Sha256Stream::create() {
  std::unique_ptr<evp_md_ctx_st, ContextDeleter> context(EVP_MD_CTX_new());
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) return std::nullopt;
  return Sha256Stream(std::move(context));
}

bool Sha256Stream::update(std::span<const char> data) {
  if (!context_) return false;
  if (data.empty()) return true;
  if (EVP_DigestUpdate(context_.get(), data.data(), data.size()) == 1) return true;
  context_.reset();
  return false;
}

std::optional<std::string> Sha256Stream::finish_hex() {
  if (!context_) return std::nullopt;
  std::string raw(EVP_MAX_MD_SIZE, '\0');
  unsigned int length = 0;
  const bool ok = EVP_DigestFinal_ex(context_.get(), reinterpret_cast<unsigned char*>(raw.data()), &length) == 1;
  context_.reset();
  if (!ok) return std::nullopt;
  raw.resize(length);
  return crypto::hex_encode(raw);
}

}  // namespace octobot::proxy
