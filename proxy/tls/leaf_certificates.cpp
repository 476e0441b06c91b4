#include "proxy/tls/leaf_certificates.hpp"

#include "lib/log/log.hpp"
#include "proxy/tls/leaf_issuer.hpp"
#include "proxy/tls/server_context.hpp"
#include "proxy/tls/x509_builder.hpp"

#include <algorithm>
#include <stdexcept>

namespace octobot::proxy {
namespace {

constexpr std::chrono::hours renew_before_expiry{24};

EvpPkeyPtr generate_leaf_key() {
  EvpPkeyPtr key = generate_p256_key();
  if (!key) throw std::runtime_error("cannot generate the leaf certificate key: " + take_openssl_errors());
  return key;
}

EvpPkeyPtr public_key_for_certificates(EVP_PKEY* key) {
  if (EvpPkeyPtr copy = fast_encoding_copy(key)) return copy;
  take_openssl_errors();
  EVP_PKEY_up_ref(key);
  return EvpPkeyPtr(key);
}

}  // namespace

LeafCertificates::LeafCertificates(std::shared_ptr<const CertificateAuthority> authority, std::size_t capacity)
    : authority_(std::move(authority)), capacity_(std::max<std::size_t>(capacity, 1)),
      leaf_key_(generate_leaf_key()), leaf_public_key_(public_key_for_certificates(leaf_key_.get())) {}

std::shared_ptr<boost::asio::ssl::context> LeafCertificates::server_context_for(std::string_view host) {
  const auto parsed = parse_tls_host(host);
  if (!parsed) return nullptr;
  std::lock_guard lock(mutex_);
  if (auto context = cached(parsed->name)) return context;
  return issue(*parsed);
}

LeafCertificateStats LeafCertificates::stats() const {
  std::lock_guard lock(mutex_);
  LeafCertificateStats stats = stats_;
  stats.cached = recent_.size();
  return stats;
}

// The cached context for `host`, moved to the front; nullptr when absent or about to expire.
std::shared_ptr<boost::asio::ssl::context> LeafCertificates::cached(const std::string& host) {
  const auto found = by_host_.find(host);
  if (found == by_host_.end()) return nullptr;
  if (found->second->expires - std::chrono::system_clock::now() < renew_before_expiry) {
    recent_.erase(found->second);
    by_host_.erase(found);
    return nullptr;
  }
  recent_.splice(recent_.begin(), recent_, found->second);
  ++stats_.hits;
  return found->second->context;
}

std::shared_ptr<boost::asio::ssl::context> LeafCertificates::issue(const TlsHost& host) {
  X509Ptr leaf = issue_leaf_certificate(*authority_, leaf_public_key_.get(), host);
  if (!leaf) {
    log::error("cannot issue a leaf certificate", {{"host", host.name}, {"reason", take_openssl_errors()}});
    return nullptr;
  }
  auto context = make_leaf_server_context(leaf.get(), leaf_key_.get(), authority_->certificate(), host.name);
  if (!context) {
    log::error("cannot build a TLS server context", {{"host", host.name}, {"reason", context.error()}});
    return nullptr;
  }
  recent_.push_front(Entry{host.name, *context, not_after(leaf.get())});
  by_host_[host.name] = recent_.begin();
  ++stats_.generated;
  evict_beyond_capacity();
  return *context;
}

void LeafCertificates::evict_beyond_capacity() {
  while (recent_.size() > capacity_) {
    by_host_.erase(recent_.back().host);
    recent_.pop_back();
    ++stats_.evictions;
  }
}

}  // namespace octobot::proxy
