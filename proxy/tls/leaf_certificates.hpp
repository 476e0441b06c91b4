// Per-host TLS server contexts for intercepted (MITM) connections: a bounded
// LRU cache of leaf certificates signed by the proxy's CA (DESIGN.md §7).
//
// Contract:
// - The constructor takes a non-null CA and generates ONE P-256 key shared by
//   every leaf it issues (throws std::runtime_error only if OpenSSL cannot
//   generate a key, which does not happen on a working system: a start-up
//   failure).
// - server_context_for(host) returns the cached context for `host` (a name
//   valid for canonical_host() or an IP literal; "Example.COM." and
//   "example.com" are the same entry) or issues a new leaf (leaf_issuer.hpp)
//   and builds its context (server_context.hpp: TLS 1.2+, ALPN http/1.1 only,
//   SNI must agree with the host). nullptr when `host` is not a valid name or
//   IP literal, or OpenSSL fails. A cached leaf within one day of expiry is
//   reissued.
// - At most `capacity` contexts are cached (at least 1); the least recently
//   used is evicted. A context handed out stays valid for as long as its
//   holder keeps it, evicted or not.
// - stats(): generated (leaves issued), hits (served from the cache),
//   evictions, and the current number of cached contexts.
// - Thread-safe: one mutex guards the cache; a miss issues the leaf under it
//   (about 0.2-0.3 ms of CPU on OpenSSL 3.0, half of it SSL_CTX_new).
#pragma once
#include "proxy/tls/certificate_authority.hpp"
#include "proxy/tls/openssl_handles.hpp"
#include "proxy/tls/tls_host.hpp"

#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace octobot::proxy {

struct LeafCertificateStats {
  std::uint64_t generated = 0;
  std::uint64_t hits = 0;
  std::uint64_t evictions = 0;
  std::size_t cached = 0;
};

class LeafCertificates {
 public:
  static constexpr std::size_t default_capacity = 1024;

  explicit LeafCertificates(std::shared_ptr<const CertificateAuthority> authority,
                            std::size_t capacity = default_capacity);

  std::shared_ptr<boost::asio::ssl::context> server_context_for(std::string_view host);
  LeafCertificateStats stats() const;

 private:
  struct Entry {
    std::string host;
    std::shared_ptr<boost::asio::ssl::context> context;
    std::chrono::system_clock::time_point expires;
  };
  using Recent = std::list<Entry>;  // most recently used first

  std::shared_ptr<boost::asio::ssl::context> cached(const std::string& host);
  std::shared_ptr<boost::asio::ssl::context> issue(const TlsHost& host);
  void evict_beyond_capacity();

  const std::shared_ptr<const CertificateAuthority> authority_;
  const std::size_t capacity_;
  const EvpPkeyPtr leaf_key_;
  const EvpPkeyPtr leaf_public_key_;  // the same key, faster to put into certificates

  mutable std::mutex mutex_;
  Recent recent_;
  std::unordered_map<std::string, Recent::iterator> by_host_;
  LeafCertificateStats stats_;
};

}  // namespace octobot::proxy
