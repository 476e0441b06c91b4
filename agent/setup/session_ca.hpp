// prepare_session_ca(): the session's certificate authority, which the proxy
// signs intercepted hosts' certificates with, and its place in the trust
// store (the session-ca step).
//
// Contract:
// - `proxy_dir` (<data-dir>/proxy) is created when missing and, also when
//   it existed, given to `owner` with mode 0700 (as setup/home_dir.hpp does
//   for a home: a symbolic link is refused). Without an owner it stays the
//   agent's own.
// - The CA is <proxy_dir>/ca.key and <proxy_dir>/ca.crt. When both are
//   regular files they are reused (a restart with the same volume): nothing
//   is generated. Otherwise a new one is made with the openssl CLI (argv
//   only): ECDSA P-256, SHA-256, 10 years, CN "Octobot session CA <cn_suffix>",
//   basicConstraints critical CA:TRUE pathlen:0, keyUsage critical
//   keyCertSign+cRLSign; into a fresh staging directory in proxy_dir, the
//   key 0600 and the certificate 0644, both owned by `owner`, then renamed
//   into place, the key first: a crash leaves a complete CA or one that is
//   made again.
// - The certificate must be PEM ("-----BEGIN CERTIFICATE-----"); it is then
//   installed in the trust store without update-ca-certificates (slow):
//   written to `trust_cert` (0644, through a temporary file and a rename)
//   unless it already holds exactly that, and appended to `trust_bundle`
//   (created 0644 when missing) unless the bundle already contains it.
// - Errors name the path or the tool: "cannot create /data/proxy: Permission
//   denied", "openssl req exited with status 1: ...".
#pragma once
#include "agent/identity.hpp"
#include "lib/result.hpp"

#include <optional>
#include <string>

namespace octobot::agent {

struct SessionCaOptions {
  std::string data_dir;   // <data-dir>, created 0755 when missing
  std::string proxy_dir;  // <data-dir>/proxy
  std::optional<Identity> owner;
  std::string trust_cert;    // e.g. /usr/local/share/ca-certificates/octobot-session-ca.crt
  std::string trust_bundle;  // e.g. /etc/ssl/certs/ca-certificates.crt
  std::string cn_suffix;     // e.g. the session id
  std::string openssl = "openssl";
};

enum class SessionCaOutcome { generated, reused };

Expected<SessionCaOutcome, std::string> prepare_session_ca(const SessionCaOptions& options);

// <proxy_dir>/ca.crt and <proxy_dir>/ca.key.
std::string session_ca_cert_path(const std::string& proxy_dir);
std::string session_ca_key_path(const std::string& proxy_dir);

}  // namespace octobot::agent
