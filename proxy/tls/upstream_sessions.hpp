// TLS session resumption towards upstreams.
//
// A new intercepted connection costs the proxy a full handshake on each side;
// on the upstream side most of it is parsing and verifying the certificate
// chain again (OpenSSL 3.0 decodes public keys slowly). Resuming the session
// the upstream gave last time skips both: the certificate was verified, for
// this host, when the session was made.
//
// Contract:
// - attach(context, capacity) installs the client session cache on the
//   upstream context (once, at start). The returned object must outlive every
//   connection made with that context.
// - offer(ssl, key) runs before a handshake: it offers the session last stored
//   under `key` (the upstream's "host:port"), if any and not expired, and tags
//   the connection with `key` so the sessions (tickets) it receives are stored
//   under it.
// - Only sessions of handshakes that succeeded with a verified peer are stored
//   (OpenSSL hands them over only after a successful handshake; verification
//   failures abort the handshake first). At most `capacity` keys are kept; the
//   key stored to least recently is dropped first. The cache and each
//   connection hold separate copies: OpenSSL marks the session a connection
//   uses unresumable when it closes without a TLS shutdown. Thread-safe.
#pragma once
#include <openssl/ssl.h>

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace octobot::proxy {

class UpstreamSessions {
 public:
  static std::shared_ptr<UpstreamSessions> attach(SSL_CTX* context, std::size_t capacity = 256);
  ~UpstreamSessions();

  void offer(SSL* ssl, const std::string& key);
  std::size_t size() const;

 private:
  explicit UpstreamSessions(std::size_t capacity) : capacity_(capacity) {}
  static int on_new_session(SSL* ssl, SSL_SESSION* session);
  void store(const std::string& key, SSL_SESSION* session);

  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<std::string> order_;  // least recently stored first
  std::unordered_map<std::string, std::pair<SSL_SESSION*, std::list<std::string>::iterator>> sessions_;
};

}  // namespace octobot::proxy
