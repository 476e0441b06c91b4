#include "proxy/tls/openssl_handles.hpp"

#include <openssl/err.h>

namespace octobot::proxy {

std::string take_openssl_errors() {
  std::string text;
  while (const unsigned long code = ERR_get_error()) {
    if (!text.empty()) text += "; ";
    const char* reason = ERR_reason_error_string(code);
    text += reason != nullptr ? reason : "error " + std::to_string(code);
  }
  return text.empty() ? "unknown OpenSSL error" : text;
}

}  // namespace octobot::proxy
