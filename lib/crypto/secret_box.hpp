// SecretBox: authenticated encryption of small secrets (AES-256-GCM).
//
// Contract:
// - Constructed from a 32-byte raw key; any other length is a programming error
//   (std::invalid_argument). The key is wiped from memory on destruction.
// - seal() picks a fresh random 12-byte nonce per call and returns
//   base64(nonce | ciphertext | 16-byte tag). Optional associated data (e.g. the
//   id of the record the secret belongs to) is authenticated but not stored:
//   open() must be given the same value.
// - open() never throws: bad base64, a short input, a wrong key, a different
//   associated data or any modified byte all yield an error message.
// - Safe to use from several threads (no mutable state).
#pragma once
#include "lib/crypto/error.hpp"
#include "lib/result.hpp"

#include <string>
#include <string_view>

namespace octobot::crypto {

class SecretBox {
 public:
  static constexpr std::size_t key_size = 32;
  static constexpr std::size_t nonce_size = 12;
  static constexpr std::size_t tag_size = 16;

  explicit SecretBox(std::string key);
  ~SecretBox();
  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;

  std::string seal(std::string_view plaintext, std::string_view associated_data = {}) const;
  Expected<std::string, Error> open(std::string_view sealed, std::string_view associated_data = {}) const;

 private:
  std::string key_;
};

}  // namespace octobot::crypto
