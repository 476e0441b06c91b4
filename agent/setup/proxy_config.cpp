#include "agent/setup/proxy_config.hpp"

#include "agent/setup/owned_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace octobot::agent {
namespace {

// A double-quoted YAML scalar: JSON's string syntax is a subset of it.
std::string yaml_quoted(std::string_view text) { return nlohmann::json(std::string(text)).dump(); }

bool is_lower_sha256_hex(std::string_view text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::string proxy_config_text(const ProxyConfigOptions& options) {
  std::string text =
      "# Written by octobot-agent at every start (set-up step session-ca). The server pushes\n"
      "# allow, deny and rules (with the credentials) to the control API with PUT /config.\n";
  text += "listen: " + yaml_quoted(kProxyListen) + "\n";
  text += "api:\n  listen: " + yaml_quoted(kProxyApiListen) + "\n";
  text += "  token_sha256: " + yaml_quoted(options.token_sha256) + "\n";
  text += "ca:\n  cert: " + yaml_quoted(options.ca_cert) + "\n  key: " + yaml_quoted(options.ca_key) + "\n";
  const std::string upstream = options.upstream_ca_file.empty() ? "" : yaml_quoted(options.upstream_ca_file);
  text += "upstream_ca_files: [" + upstream + "]\n";
  text += "allow:\n  hosts: []\n";
  text += "log:\n  file: \"-\"\n";
  return text;
}

Expected<void, std::string> write_proxy_config(const ProxyConfigOptions& options) {
  if (options.token_sha256.empty()) {
    return std::string("OCTOBOT_PROXY_TOKEN_SHA256 is not set: the proxy's control API needs its token's SHA-256");
  }
  if (!is_lower_sha256_hex(options.token_sha256)) {
    return std::string("the proxy's token hash is not 64 lowercase hex digits");
  }
  struct stat st {};
  if (!options.upstream_ca_file.empty() && ::stat(options.upstream_ca_file.c_str(), &st) != 0) {
    return std::string("OCTOBOT_UPSTREAM_CA_FILE: " + options.upstream_ca_file + ": " + std::strerror(errno));
  }
  return write_owned_file(options.path, proxy_config_text(options), 0600, options.owner);
}

}  // namespace octobot::agent
