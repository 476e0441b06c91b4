// State shared by every connection of one octobot-proxy process.
//
// Contract: the policy is read once per request (policy()) and replaced
// atomically by the control API or SIGHUP (set_policy()); a request keeps the
// policy it started with. Everything else is fixed after start-up. The TLS
// pieces are null when no CA is configured (then nothing is intercepted and
// rule hosts are tunnelled like any other allowed host).
#pragma once
#include "proxy/config/policy.hpp"
#include "proxy/server/access_log.hpp"

#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <memory>
#include <mutex>

namespace octobot::proxy {

class LeafCertificates;
class RegistryCache;
class UpstreamSessions;

class Runtime {
 public:
  Runtime(LimitsConfig limits, PolicyPtr policy, std::shared_ptr<AccessLog> access_log)
      : limits_(limits), policy_(std::move(policy)), access_log_(std::move(access_log)) {}

  const LimitsConfig& limits() const { return limits_; }
  AccessLog& access_log() { return *access_log_; }

  PolicyPtr policy() const {
    std::lock_guard lock(mutex_);
    return policy_;
  }
  void set_policy(PolicyPtr policy) {
    std::lock_guard lock(mutex_);
    policy_ = std::move(policy);
  }

  // Interception (MITM); all set or all null.
  std::shared_ptr<LeafCertificates> leaf_certificates;
  std::shared_ptr<boost::asio::ssl::context> upstream_tls;
  std::shared_ptr<UpstreamSessions> upstream_sessions;  // resumption for upstream_tls
  // Registry cache; null when not configured.
  std::shared_ptr<RegistryCache> registry_cache;

  std::atomic<std::size_t> open_connections{0};
  std::atomic<std::uint64_t> accepted_connections{0};
  std::atomic<std::uint64_t> refused_connections{0};  // over max_connections

 private:
  LimitsConfig limits_;
  mutable std::mutex mutex_;
  PolicyPtr policy_;
  std::shared_ptr<AccessLog> access_log_;
};

}  // namespace octobot::proxy
