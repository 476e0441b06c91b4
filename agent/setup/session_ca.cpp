#include "agent/setup/session_ca.hpp"

#include "agent/command.hpp"
#include "agent/setup/home_dir.hpp"
#include "agent/setup/owned_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace octobot::agent {
namespace {

constexpr std::string_view kPemCertificate = "-----BEGIN CERTIFICATE-----";

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string os_failure(const std::string& what, const std::string& path, int error) {
  return what + " " + path + ": " + std::strerror(error);
}

std::vector<std::string> openssl_argv(const SessionCaOptions& options, const std::string& key,
                                      const std::string& cert) {
  const std::string cn = "Octobot session CA" + (options.cn_suffix.empty() ? "" : " " + options.cn_suffix);
  return {options.openssl, "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
          "-nodes", "-sha256", "-days", "3650", "-subj", "/CN=" + cn,
          "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0",
          "-addext", "keyUsage=critical,keyCertSign,cRLSign",
          "-keyout", key, "-out", cert};
}

Expected<void, std::string> give(const std::string& path, mode_t mode, const std::optional<Identity>& owner) {
  if (owner && ::chown(path.c_str(), owner->uid, owner->gid) != 0) {
    return std::string("cannot give " + path + " to " + owner->name + ": " + std::strerror(errno));
  }
  if (::chmod(path.c_str(), mode) != 0) return os_failure("cannot set the mode of", path, errno);
  return {};
}

// Runs openssl in a staging directory, then renames the key and the
// certificate into place (the certificate last: it marks a complete CA).
Expected<void, std::string> generate(const SessionCaOptions& options, const std::string& staging) {
  const std::string key = staging + "/ca.key";
  const std::string cert = staging + "/ca.crt";
  const auto argv = openssl_argv(options, key, cert);
  CommandRequest request;
  request.argv = argv;
  request.environment = tool_environment();
  request.working_directory = staging;
  auto result = run_command(request);
  if (!result) return result.error();
  if (!result->succeeded()) return failure_message(argv, *result);
  if (auto given = give(key, 0600, options.owner); !given) return given;
  if (auto given = give(cert, 0644, options.owner); !given) return given;
  const std::string key_target = session_ca_key_path(options.proxy_dir);
  const std::string cert_target = session_ca_cert_path(options.proxy_dir);
  if (::rename(key.c_str(), key_target.c_str()) != 0) return os_failure("cannot rename to", key_target, errno);
  if (::rename(cert.c_str(), cert_target.c_str()) != 0) return os_failure("cannot rename to", cert_target, errno);
  return {};
}

Expected<void, std::string> generate_in_staging(const SessionCaOptions& options) {
  std::string staging = options.proxy_dir + "/.ca-staging-XXXXXX";
  if (::mkdtemp(staging.data()) == nullptr) return os_failure("cannot create", staging, errno);
  auto generated = generate(options, staging);
  ::unlink((staging + "/ca.key").c_str());
  ::unlink((staging + "/ca.crt").c_str());
  ::rmdir(staging.c_str());
  return generated;
}

Expected<void, std::string> install_in_trust_store(const SessionCaOptions& options, const std::string& pem) {
  auto current = read_file(options.trust_cert);
  if (!current || *current != pem) {
    if (auto written = write_owned_file(options.trust_cert, pem, 0644, std::nullopt); !written) return written;
  }
  auto bundle = read_file(options.trust_bundle);
  if (bundle && bundle->find(pem) != std::string::npos) return {};
  return append_to_file(options.trust_bundle, pem, 0644);
}

}  // namespace

std::string session_ca_cert_path(const std::string& proxy_dir) { return proxy_dir + "/ca.crt"; }
std::string session_ca_key_path(const std::string& proxy_dir) { return proxy_dir + "/ca.key"; }

Expected<SessionCaOutcome, std::string> prepare_session_ca(const SessionCaOptions& options) {
  // A private directory on the volume, as a home is.
  if (auto made = prepare_home(options.data_dir, options.proxy_dir, options.owner); !made) return made.error();
  const std::string cert_path = session_ca_cert_path(options.proxy_dir);
  SessionCaOutcome outcome = SessionCaOutcome::reused;
  if (!is_regular_file(session_ca_key_path(options.proxy_dir)) || !is_regular_file(cert_path)) {
    if (auto generated = generate_in_staging(options); !generated) return generated.error();
    outcome = SessionCaOutcome::generated;
  }
  auto pem = read_file(cert_path);
  if (!pem) return pem.error().message;
  if (pem->find(kPemCertificate) == std::string::npos) {
    return std::string(cert_path + " is not a PEM certificate (remove " + options.proxy_dir +
                       "/ca.* to make a new session CA)");
  }
  if (auto installed = install_in_trust_store(options, *pem); !installed) return installed.error();
  return outcome;
}

}  // namespace octobot::agent
