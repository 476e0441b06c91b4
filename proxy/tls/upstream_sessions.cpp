#include "proxy/tls/upstream_sessions.hpp"

#include <ctime>

namespace octobot::proxy {
namespace {

void free_key(void*, void* key, CRYPTO_EX_DATA*, int, long, void*) { delete static_cast<std::string*>(key); }

// Where the cache hangs off the context, and the key off each connection.
int context_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}
int key_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, free_key);
  return index;
}

bool expired(const SSL_SESSION* session) {
  return SSL_SESSION_get_time(session) + SSL_SESSION_get_timeout(session) <= static_cast<long>(std::time(nullptr));
}

}  // namespace

std::shared_ptr<UpstreamSessions> UpstreamSessions::attach(SSL_CTX* context, std::size_t capacity) {
  std::shared_ptr<UpstreamSessions> sessions(new UpstreamSessions(capacity));
  SSL_CTX_set_ex_data(context, context_index(), sessions.get());
  SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(context, &UpstreamSessions::on_new_session);
  return sessions;
}

UpstreamSessions::~UpstreamSessions() {
  for (auto& [key, entry] : sessions_) SSL_SESSION_free(entry.first);
}

void UpstreamSessions::offer(SSL* ssl, const std::string& key) {
  SSL_set_ex_data(ssl, key_index(), new std::string(key));
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(key);
  if (found == sessions_.end()) return;
  SSL_SESSION* session = found->second.first;
  if (!SSL_SESSION_is_resumable(session) || expired(session)) return;
  // A copy: OpenSSL marks the session a connection uses unresumable when that
  // connection closes without a TLS shutdown.
  if (SSL_SESSION* copy = SSL_SESSION_dup(session)) {
    SSL_set_session(ssl, copy);
    SSL_SESSION_free(copy);
  }
}

std::size_t UpstreamSessions::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

// OpenSSL's new-session callback. It keeps a copy: the connection's own
// session is marked unresumable when the connection closes without a TLS
// shutdown, as proxied connections often do. Returns 0: OpenSSL keeps its
// reference to `session`.
int UpstreamSessions::on_new_session(SSL* ssl, SSL_SESSION* session) {
  auto* self = static_cast<UpstreamSessions*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), context_index()));
  auto* key = static_cast<std::string*>(SSL_get_ex_data(ssl, key_index()));
  if (self == nullptr || key == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return 0;
  if (SSL_SESSION* copy = SSL_SESSION_dup(session)) self->store(*key, copy);
  return 0;
}

void UpstreamSessions::store(const std::string& key, SSL_SESSION* session) {
  std::lock_guard lock(mutex_);
  if (auto found = sessions_.find(key); found != sessions_.end()) {
    SSL_SESSION_free(found->second.first);
    order_.erase(found->second.second);
    sessions_.erase(found);
  }
  if (capacity_ == 0) {
    SSL_SESSION_free(session);
    return;
  }
  if (sessions_.size() >= capacity_) {
    auto oldest = sessions_.find(order_.front());
    SSL_SESSION_free(oldest->second.first);
    sessions_.erase(oldest);
    order_.pop_front();
  }
  order_.push_back(key);
  sessions_.emplace(key, std::make_pair(session, std::prev(order_.end())));
}

}  // namespace octobot::proxy
