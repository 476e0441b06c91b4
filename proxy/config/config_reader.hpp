// Reading a whole configuration document, the YAML file's top level
// (internal to proxy/config): listen, api, ca, upstream_ca_files, the policy
// (allow, deny, rules; see policy_reader.hpp), cache, log and limits. Every
// key is optional; unknown keys are errors. Paths are kept as written.
// `threads` and `log.level` are accepted and not read: they are settings of
// the command line's file layer (proxy/app/proxy_main.cpp reads them through
// lib/config, flags > environment > this file > defaults).
#pragma once
#include "proxy/config/config_node.hpp"
#include "proxy/config/policy_reader.hpp"
#include "proxy/config/proxy_config.hpp"

namespace octobot::proxy {

Expected<ProxyConfig, ConfigError> read_proxy_config(const Field& root, const SecretSources& secrets);

}  // namespace octobot::proxy
