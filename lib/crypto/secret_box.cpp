#include "lib/crypto/secret_box.hpp"

#include "lib/crypto/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace octobot::crypto {
namespace {

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext new_context() { return CipherContext(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free); }

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// Feeds the associated data (if any) into an initialised GCM context.
bool add_associated_data(EVP_CIPHER_CTX* ctx, std::string_view aad, bool encrypt) {
  if (aad.empty()) return true;
  int length = 0;
  const int n = static_cast<int>(aad.size());
  return encrypt ? EVP_EncryptUpdate(ctx, nullptr, &length, bytes(aad), n) == 1
                 : EVP_DecryptUpdate(ctx, nullptr, &length, bytes(aad), n) == 1;
}

}  // namespace

SecretBox::SecretBox(std::string key) : key_(std::move(key)) {
  if (key_.size() != key_size) throw std::invalid_argument("SecretBox needs a 32-byte key");
}

SecretBox::~SecretBox() { OPENSSL_cleanse(key_.data(), key_.size()); }

std::string SecretBox::seal(std::string_view plaintext, std::string_view associated_data) const {
  const std::string nonce = random_bytes(nonce_size);
  std::string ciphertext(plaintext.size(), '\0');
  std::string tag(tag_size, '\0');
  auto ctx = new_context();
  int length = 0;
  const bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) == 1 &&
                  add_associated_data(ctx.get(), associated_data, true) &&
                  EVP_EncryptUpdate(ctx.get(), bytes(ciphertext), &length, bytes(plaintext),
                                    static_cast<int>(plaintext.size())) == 1 &&
                  EVP_EncryptFinal_ex(ctx.get(), bytes(ciphertext) + length, &length) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tag_size, tag.data()) == 1;
  if (!ok) throw std::runtime_error("OpenSSL AES-256-GCM encryption failed");
  return base64_encode(nonce + ciphertext + tag);
}

Expected<std::string, Error> SecretBox::open(std::string_view sealed, std::string_view associated_data) const {
  const auto raw = base64_decode(sealed);
  if (!raw) return Error{"sealed secret is not valid base64"};
  if (raw->size() < nonce_size + tag_size) return Error{"sealed secret is too short"};
  const std::string_view all(*raw);
  const std::string_view nonce = all.substr(0, nonce_size);
  const std::string_view ciphertext = all.substr(nonce_size, all.size() - nonce_size - tag_size);
  std::string tag(all.substr(all.size() - tag_size));
  std::string plaintext(ciphertext.size(), '\0');
  auto ctx = new_context();
  int length = 0;
  const bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) == 1 &&
                  add_associated_data(ctx.get(), associated_data, false) &&
                  EVP_DecryptUpdate(ctx.get(), bytes(plaintext), &length, bytes(ciphertext),
                                    static_cast<int>(ciphertext.size())) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tag_size, tag.data()) == 1 &&
                  EVP_DecryptFinal_ex(ctx.get(), bytes(plaintext) + length, &length) == 1;
  if (!ok) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return Error{"sealed secret failed authentication (wrong key or modified data)"};
  }
  return plaintext;
}

}  // namespace octobot::crypto

