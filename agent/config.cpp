#include "agent/config.hpp"

#include "agent/duration.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <limits>
#include <optional>
#include <string_view>

extern char** environ;

namespace octobot::agent {
namespace {

using Apply = std::function<Expected<void, std::string>(AgentConfig&, const std::string& value)>;

struct OptionSpec {
  std::string_view flag;  // without "--"
  bool boolean = false;
  std::string_view default_text;
  std::string_view help;
  Apply apply;
};

Expected<void, std::string> ok() { return {}; }

std::string quote_text(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<bool> parse_bool(std::string_view text) {
  const std::string t = lowercase(text);
  if (t == "1" || t == "true" || t == "yes" || t == "on") return true;
  if (t == "0" || t == "false" || t == "no" || t == "off") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_integer(std::string_view text, std::int64_t min, std::int64_t max) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < min || value > max) return std::nullopt;
  return value;
}

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

// What useradd accepts on Debian without --badname, at most 32 characters.
bool valid_user_name(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  if (!(name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z'))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_lower_alnum(c) || c == '_' || c == '-'; });
}

// The session id becomes part of a branch name (octobot/<id>) and of paths:
// letters, digits, '-' and '_', starting with a letter or digit.
bool valid_session_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || !is_alnum(id[0])) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return is_alnum(c) || c == '-' || c == '_'; });
}

Expected<std::vector<std::string>, std::string> parse_argv(const std::string& text) {
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_array()) {
    return std::string(quote_text(text) + " is not a JSON array of strings (e.g. [\"octobot-proxy\",\"--verbose\"])");
  }
  std::vector<std::string> argv;
  for (const auto& element : parsed) {
    if (!element.is_string()) return std::string(quote_text(text) + " is not a JSON array of strings");
    argv.push_back(element.get<std::string>());
  }
  if (!argv.empty() && argv[0].empty()) return std::string(quote_text(text) + ": the program name is empty");
  return argv;
}

Apply string_option(std::string AgentConfig::*member) {
  return [member](AgentConfig& config, const std::string& value) {
    config.*member = value;
    return ok();
  };
}

Apply path_option(std::string AgentConfig::*member) {
  return [member](AgentConfig& config, const std::string& value) -> Expected<void, std::string> {
    if (value.empty() || value[0] != '/') return std::string(quote_text(value) + " is not an absolute path");
    config.*member = value;
    return ok();
  };
}

Apply user_option(std::string AgentConfig::*member) {
  return [member](AgentConfig& config, const std::string& value) -> Expected<void, std::string> {
    if (!value.empty() && !valid_user_name(value)) {
      return std::string(quote_text(value) + " is not a user name (lowercase letters, digits, '_' and '-')");
    }
    config.*member = value;
    return ok();
  };
}

Apply uid_option(uid_t AgentConfig::*member) {
  return [member](AgentConfig& config, const std::string& value) -> Expected<void, std::string> {
    const auto uid = parse_integer(value, 1, 60000);
    if (!uid) return std::string(quote_text(value) + " is not a user id between 1 and 60000");
    config.*member = static_cast<uid_t>(*uid);
    return ok();
  };
}

Apply bool_option(bool AgentConfig::*member) {
  return [member](AgentConfig& config, const std::string& value) -> Expected<void, std::string> {
    const auto parsed = parse_bool(value);
    if (!parsed) return std::string(quote_text(value) + " is not a boolean (true/false, yes/no, on/off, 1/0)");
    config.*member = *parsed;
    return ok();
  };
}

Apply argv_option(std::vector<std::string> AgentConfig::*member, bool may_be_empty) {
  return [member, may_be_empty](AgentConfig& config, const std::string& value) -> Expected<void, std::string> {
    auto argv = parse_argv(value);
    if (!argv) return argv.error();
    if (argv->empty() && !may_be_empty) return std::string("the agent API's argv must not be empty");
    config.*member = std::move(*argv);
    return ok();
  };
}

using Millis = std::chrono::milliseconds;

Apply duration_option(std::function<Millis&(AgentConfig&)> field, bool allow_zero) {
  return [field, allow_zero](AgentConfig& config, const std::string& value) -> Expected<void, std::string> {
    const auto parsed = parse_duration(value);
    if (!parsed) return std::string(quote_text(value) + " is not a duration (e.g. 10s, 500ms, 1m30s)");
    if (!allow_zero && parsed->count() == 0) return std::string("must be longer than 0");
    field(config) = *parsed;
    return ok();
  };
}

Expected<void, std::string> apply_skip_steps(AgentConfig& config, const std::string& value) {
  config.skip_steps.clear();
  std::string_view rest = value;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view name = rest.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) config.skip_steps.insert(std::string(name));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return ok();
}

Expected<void, std::string> apply_session_id(AgentConfig& config, const std::string& value) {
  if (!valid_session_id(value)) {
    return std::string(quote_text(value) + " is not a session id (letters, digits, '-' and '_', at most 64)");
  }
  config.session_id = value;
  return ok();
}

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

Expected<void, std::string> apply_token_sha256(AgentConfig& config, const std::string& value) {
  if (value.size() != 64 || !std::all_of(value.begin(), value.end(), is_hex_digit)) {
    return std::string("expected the SHA-256 of the proxy's control API token as 64 hex digits, got " +
                       std::to_string(value.size()) + " characters" +
                       (value.size() == 64 ? " that are not all hex digits" : ""));
  }
  config.proxy_token_sha256 = lowercase(value);
  return ok();
}

Expected<void, std::string> apply_main_restart(AgentConfig& config, const std::string& value) {
  if (value == "on-failure") {
    config.main_restart = MainRestart::on_failure;
  } else if (value == "never") {
    config.main_restart = MainRestart::never;
  } else {
    return std::string(quote_text(value) + " is neither on-failure nor never");
  }
  return ok();
}

Expected<void, std::string> apply_crash_limit(AgentConfig& config, const std::string& value) {
  const auto limit = parse_integer(value, 1, 1000);
  if (!limit) return std::string(quote_text(value) + " is not a number between 1 and 1000");
  config.restart.crash_limit = static_cast<int>(*limit);
  return ok();
}

const std::vector<OptionSpec>& option_specs() {
  static const std::vector<OptionSpec> specs = {
      {"session-id", false, "", "session id; the workspace is on branch octobot/<id>", apply_session_id},
      {"skip-setup", false, "false", "skip every set-up step (supervise only, e.g. in tests)",
       bool_option(&AgentConfig::skip_setup)},
      {"skip-steps", false, "",
       "set-up steps to skip, comma-separated (users,home,workspace,session-ca,firewall,privileges)",
       apply_skip_steps},
      {"data-dir", false, "/data", "the session's volume (home, workspace, proxy)",
       path_option(&AgentConfig::data_dir)},
      {"source-dir", false, "/src", "the workspace's git repository, cloned into <data-dir>/workspace",
       path_option(&AgentConfig::source_dir)},
      {"agent-user", false, "octobot", "user of the agent API and the agent CLIs (\"\": the agent's own)",
       user_option(&AgentConfig::agent_user)},
      {"proxy-user", false, "octoproxy", "user of the proxy, the only one allowed out (\"\": the agent's own)",
       user_option(&AgentConfig::proxy_user)},
      {"agent-uid", false, "1000", "uid given to the agent user when it is created",
       uid_option(&AgentConfig::agent_uid)},
      {"proxy-uid", false, "1001", "uid given to the proxy user when it is created",
       uid_option(&AgentConfig::proxy_uid)},
      {"proxy-token-sha256", false, "",
       "SHA-256 (64 hex digits) of the proxy's control API token; needed when a proxy runs",
       apply_token_sha256},
      {"upstream-ca-file", false, "", "PEM file of extra CAs the proxy trusts upstream (read by the proxy)",
       path_option(&AgentConfig::upstream_ca_file)},
      {"proxy-argv", false, "[\"octobot-proxy\",\"--config\",\"<data-dir>/proxy/proxy.yaml\"]",
       "the proxy's argv, a JSON array ([]: no proxy)", argv_option(&AgentConfig::proxy_argv, true)},
      {"api-argv", false, "[\"octobot-agent-api\"]", "the agent API's argv, a JSON array (or give it after --)",
       argv_option(&AgentConfig::api_argv, false)},
      {"proxy-url", false, "http://127.0.0.1:17080", "HTTP(S)_PROXY and ALL_PROXY of the agent API",
       string_option(&AgentConfig::proxy_url)},
      {"no-proxy", false, "localhost,127.0.0.1", "NO_PROXY of the agent API", string_option(&AgentConfig::no_proxy)},
      {"ca-cert", false, "/usr/local/share/ca-certificates/octobot-session-ca.crt",
       "the session CA certificate (NODE_EXTRA_CA_CERTS of the agent API)", path_option(&AgentConfig::ca_cert)},
      {"ca-bundle", false, "/etc/ssl/certs/ca-certificates.crt",
       "the trust store holding the session CA (SSL_CERT_FILE, REQUESTS_CA_BUNDLE)",
       path_option(&AgentConfig::ca_bundle)},
      {"grace-period", false, "10s", "how long a stop waits before SIGKILL",
       duration_option([](AgentConfig& c) -> Millis& { return c.grace_period; }, true)},
      {"main-restart", false, "on-failure", "on-failure: restart a failed agent API; never: exit with its status",
       apply_main_restart},
      {"restart-delay", false, "500ms", "first restart delay (doubles with each crash in the window)",
       duration_option([](AgentConfig& c) -> Millis& { return c.restart.initial_delay; }, true)},
      {"restart-delay-max", false, "30s", "longest restart delay",
       duration_option([](AgentConfig& c) -> Millis& { return c.restart.max_delay; }, true)},
      {"crash-limit", false, "5", "give up on a child after this many crashes within the crash window",
       apply_crash_limit},
      {"crash-window", false, "60s", "the window crashes are counted in",
       duration_option([](AgentConfig& c) -> Millis& { return c.restart.crash_window; }, false)},
      {"subreaper", true, "false", "become a child subreaper (reap orphans when not PID 1, e.g. in tests)",
       bool_option(&AgentConfig::subreaper)},
  };
  return specs;
}

std::string env_name_of(std::string_view flag) {
  std::string name = "OCTOBOT_";
  for (const char c : flag)
    name.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return name;
}

const OptionSpec* find_spec(std::string_view flag) {
  for (const auto& spec : option_specs()) {
    if (spec.flag == flag) return &spec;
  }
  return nullptr;
}

Expected<void, std::string> apply_from(const OptionSpec& spec, AgentConfig& config, const std::string& value,
                                       const std::string& origin) {
  auto applied = spec.apply(config, value);
  if (!applied) return std::string(origin + ": " + applied.error());
  return ok();
}

Expected<void, std::string> check_consistency(const AgentConfig& config) {
  if (config.restart.max_delay < config.restart.initial_delay) {
    return std::string("the restart delay (" + format_duration(config.restart.initial_delay) +
                       ") is longer than the longest restart delay (" + format_duration(config.restart.max_delay) +
                       ")");
  }
  return ok();
}

}  // namespace

Expected<AgentConfig, std::string> parse_config(const std::vector<std::string>& args, const EnvironmentMap& env) {
  AgentConfig config;
  for (const auto& spec : option_specs()) {
    const std::string name = env_name_of(spec.flag);
    const auto it = env.find(name);
    if (it == env.end() || it->second.empty()) continue;
    if (auto applied = apply_from(spec, config, it->second, name); !applied) return applied.error();
  }

  const auto proxy_argv_env = env.find("OCTOBOT_PROXY_ARGV");
  bool proxy_argv_given = proxy_argv_env != env.end() && !proxy_argv_env->second.empty();
  bool api_argv_flag = false;
  std::optional<std::vector<std::string>> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--" || arg.empty() || arg[0] != '-') {
      positional.emplace(args.begin() + static_cast<std::ptrdiff_t>(i + (arg == "--" ? 1 : 0)), args.end());
      break;
    }
    if (arg == "-h" || arg == "--help") {
      config.help = true;
      continue;
    }
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) return std::string("unknown flag " + arg + " (see --help)");
    const std::size_t equals = arg.find('=');
    const std::string flag = arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
    const OptionSpec* spec = find_spec(flag);
    if (spec == nullptr) return std::string("unknown flag --" + flag + " (see --help)");
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (spec->boolean) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return std::string("--" + flag + " needs a value");
    }
    if (auto applied = apply_from(*spec, config, value, "--" + flag); !applied) return applied.error();
    if (flag == "api-argv") api_argv_flag = true;
    if (flag == "proxy-argv") proxy_argv_given = true;
  }
  if (!proxy_argv_given) config.proxy_argv = {"octobot-proxy", "--config", proxy_config_path(config)};
  if (positional) {
    if (api_argv_flag) return std::string("give the agent API's argv either with --api-argv or after --, not both");
    if (positional->empty() || (*positional)[0].empty()) return std::string("the agent API's argv after -- is empty");
    config.api_argv = std::move(*positional);
  }
  if (auto consistent = check_consistency(config); !consistent) return consistent.error();
  return config;
}

std::string proxy_state_dir(const AgentConfig& config) { return config.data_dir + "/proxy"; }

std::string proxy_config_path(const AgentConfig& config) { return proxy_state_dir(config) + "/proxy.yaml"; }

EnvironmentMap process_environment() {
  EnvironmentMap env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    env.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
  }
  return env;
}

std::string usage_text() {
  std::string text =
      "Usage: octobot-agent [options] [-- agent-api-argv...]\n"
      "PID 1 of an Octobot session container: sets up users, /data, the session CA, the egress\n"
      "firewall and privileges, then starts and supervises the proxy and the agent API.\n"
      "Each option is a flag or an environment variable (flags win).\n\n";
  for (const auto& spec : option_specs()) {
    text += "  --" + std::string(spec.flag) + (spec.boolean ? "" : " <value>") + "\n      " + std::string(spec.help) +
            "\n      env " + env_name_of(spec.flag);
    if (!spec.default_text.empty()) text += ", default " + std::string(spec.default_text);
    text += "\n";
  }
  return text;
}

}  // namespace octobot::agent
