// The error value of lib/crypto's fallible operations: a message fit to show
// to an operator (it never contains key material or plaintext).
#pragma once
#include <string>

namespace octobot::crypto {

struct Error {
  std::string message;
};

}  // namespace octobot::crypto
