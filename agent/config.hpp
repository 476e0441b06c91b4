// AgentConfig: everything octobot-agent can be told, from the container's
// environment and from flags (flags win; see agent/README.md for the table).
//
// Contract of parse_config(args, env):
// - `env` holds the process environment; only the OCTOBOT_* names listed in
//   usage_text() are read; an empty variable counts as unset.
// - `args` are the arguments after the program name: "--name value" or
//   "--name=value"; a boolean flag alone means true ("--subreaper") and takes
//   a value only as "--subreaper=false". A flag may set a value to "" with
//   "--name=" (for the user names: "do not switch user").
//   "--" ends the flags and the rest is the agent API's argv; so does the
//   first argument that does not start with '-'. "-h"/"--help" set `help`.
// - Argument vectors (--proxy-argv, --api-argv and their variables) are JSON
//   arrays of strings, e.g. ["octobot-proxy","--listen","127.0.0.1:17080"];
//   an empty proxy argv ([]) means "no proxy child"; the API argv must not be
//   empty. Without --proxy-argv or its variable, the proxy argv is
//   ["octobot-proxy","--config",proxy_config_path(config)].
// - --proxy-token-sha256 is 64 hex digits (stored lowercase);
//   --upstream-ca-file an absolute path.
// - Every value is checked (durations as in agent/duration.hpp, integers in
//   range, user names, the session id's characters); an error is a message
//   naming the flag or variable at fault: "--grace-period: \"x\" is not a
//   duration (e.g. 10s, 500ms)".
// - Pure: reads nothing but its arguments; nothing throws except
//   std::bad_alloc.
#pragma once
#include "agent/restart_policy.hpp"
#include "lib/result.hpp"

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>
#include <sys/types.h>

namespace octobot::agent {

// What to do when the main child (the agent API) exits with a non-zero
// status or is killed by a signal while the agent is not stopping:
// on_failure restarts it with back-off (CrashHistory); never ends the agent
// with that status. An exit with status 0 always ends the agent with 0.
enum class MainRestart { on_failure, never };

struct AgentConfig {
  std::string session_id;  // branch octobot/<session_id>; needed by the workspace step

  // Set-up (agent/setup/steps.hpp).
  bool skip_setup = false;
  std::set<std::string> skip_steps;  // step names, checked against the step list
  std::string data_dir = "/data";
  std::string source_dir = "/src";
  std::string agent_user = "octobot";  // "" : children run as the agent's own user
  std::string proxy_user = "octoproxy";
  uid_t agent_uid = 1000;  // used when the users step creates the user
  uid_t proxy_uid = 1001;

  // The session CA and the proxy's configuration (setup/session_ca.hpp,
  // setup/proxy_config.hpp), in <data-dir>/proxy.
  std::string proxy_token_sha256;  // 64 lowercase hex digits; needed when a proxy runs
  std::string upstream_ca_file;    // "" : none

  // Children. The default proxy argv follows data_dir:
  // ["octobot-proxy","--config","<data-dir>/proxy/proxy.yaml"].
  std::vector<std::string> proxy_argv{"octobot-proxy", "--config", "/data/proxy/proxy.yaml"};  // empty: no proxy
  std::vector<std::string> api_argv{"octobot-agent-api"};
  std::string proxy_url = "http://127.0.0.1:17080";
  std::string no_proxy = "localhost,127.0.0.1";
  std::string ca_cert = "/usr/local/share/ca-certificates/octobot-session-ca.crt";
  std::string ca_bundle = "/etc/ssl/certs/ca-certificates.crt";

  // Supervision.
  std::chrono::milliseconds grace_period{10'000};
  MainRestart main_restart = MainRestart::on_failure;
  RestartPolicy restart;
  bool subreaper = false;

  bool help = false;
};

using EnvironmentMap = std::map<std::string, std::string, std::less<>>;

Expected<AgentConfig, std::string> parse_config(const std::vector<std::string>& args, const EnvironmentMap& env);

// <data-dir>/proxy: the proxy's state on the volume (CA, configuration).
std::string proxy_state_dir(const AgentConfig& config);
// <data-dir>/proxy/proxy.yaml, the file the default proxy argv names.
std::string proxy_config_path(const AgentConfig& config);

// The process environment as a map (every variable).
EnvironmentMap process_environment();

// "Usage: octobot-agent [options] [-- api-argv...]" and one line per option
// with its flag, variable, default and meaning.
std::string usage_text();

}  // namespace octobot::agent
