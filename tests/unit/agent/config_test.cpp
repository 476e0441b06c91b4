// agent/config: defaults, environment variables, flags and their errors.
#include "agent/config.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using octobot::agent::AgentConfig;
using octobot::agent::EnvironmentMap;
using octobot::agent::MainRestart;
using octobot::agent::parse_config;

namespace {

AgentConfig parsed(const std::vector<std::string>& args, const EnvironmentMap& env = {}) {
  auto config = parse_config(args, env);
  INFO((config ? std::string() : config.error()));
  REQUIRE(config.ok());
  return *config;
}

std::string error_of(const std::vector<std::string>& args, const EnvironmentMap& env = {}) {
  auto config = parse_config(args, env);
  REQUIRE_FALSE(config.ok());
  return config.error();
}

}  // namespace

TEST_CASE("config: defaults", "[agent][config]") {
  const AgentConfig config = parsed({});
  CHECK(config.session_id.empty());
  CHECK_FALSE(config.skip_setup);
  CHECK(config.data_dir == "/data");
  CHECK(config.source_dir == "/src");
  CHECK(config.agent_user == "octobot");
  CHECK(config.proxy_user == "octoproxy");
  CHECK(config.agent_uid == 1000);
  CHECK(config.proxy_uid == 1001);
  CHECK(config.proxy_argv == std::vector<std::string>{"octobot-proxy", "--config", "/data/proxy/proxy.yaml"});
  CHECK(config.proxy_token_sha256.empty());
  CHECK(config.upstream_ca_file.empty());
  CHECK(config.api_argv == std::vector<std::string>{"octobot-agent-api"});
  CHECK(config.proxy_url == "http://127.0.0.1:17080");
  CHECK(config.no_proxy == "localhost,127.0.0.1");
  CHECK(config.grace_period == 10s);
  CHECK(config.main_restart == MainRestart::on_failure);
  CHECK(config.restart.initial_delay == 500ms);
  CHECK(config.restart.max_delay == 30s);
  CHECK(config.restart.crash_limit == 5);
  CHECK(config.restart.crash_window == 60s);
  CHECK_FALSE(config.subreaper);
  CHECK_FALSE(config.help);
}

TEST_CASE("config: environment variables", "[agent][config]") {
  const AgentConfig config = parsed({}, {{"OCTOBOT_SESSION_ID", "0b8f-42_A"},
                                         {"OCTOBOT_SKIP_SETUP", "1"},
                                         {"OCTOBOT_SKIP_STEPS", "firewall, users"},
                                         {"OCTOBOT_DATA_DIR", "/srv/data"},
                                         {"OCTOBOT_PROXY_ARGV", R"(["octobot-proxy","--listen","127.0.0.1:17080"])"},
                                         {"OCTOBOT_API_ARGV", R"(["api","--port","3002"])"},
                                         {"OCTOBOT_GRACE_PERIOD", "3s"},
                                         {"OCTOBOT_MAIN_RESTART", "never"},
                                         {"OCTOBOT_CRASH_LIMIT", "9"},
                                         {"OCTOBOT_SUBREAPER", "yes"},
                                         {"OCTOBOT_AGENT_UID", "2000"},
                                         {"OCTOBOT_LISTEN", "ignored: another program's"},
                                         {"PATH", "/bin"}});
  CHECK(config.session_id == "0b8f-42_A");
  CHECK(config.skip_setup);
  CHECK(config.skip_steps == std::set<std::string>{"firewall", "users"});
  CHECK(config.data_dir == "/srv/data");
  CHECK(config.proxy_argv == std::vector<std::string>{"octobot-proxy", "--listen", "127.0.0.1:17080"});
  CHECK(config.api_argv == std::vector<std::string>{"api", "--port", "3002"});
  CHECK(config.grace_period == 3s);
  CHECK(config.main_restart == MainRestart::never);
  CHECK(config.restart.crash_limit == 9);
  CHECK(config.subreaper);
  CHECK(config.agent_uid == 2000);
}

TEST_CASE("config: the proxy's token hash, upstream CA file and default argv", "[agent][config]") {
  const std::string hash = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
  const EnvironmentMap env = {{"OCTOBOT_PROXY_TOKEN_SHA256", hash},
                              {"OCTOBOT_UPSTREAM_CA_FILE", "/etc/octobot/upstream-ca.pem"}};
  const AgentConfig config = parsed({"--data-dir=/srv/data"}, env);
  CHECK(config.proxy_token_sha256 == "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  CHECK(config.upstream_ca_file == "/etc/octobot/upstream-ca.pem");
  CHECK(config.proxy_argv == std::vector<std::string>{"octobot-proxy", "--config", "/srv/data/proxy/proxy.yaml"});
  CHECK(octobot::agent::proxy_config_path(config) == "/srv/data/proxy/proxy.yaml");
  CHECK(parsed({"--data-dir=/srv/data", "--proxy-argv=[\"p\"]"}).proxy_argv == std::vector<std::string>{"p"});

  CHECK(error_of({}, {{"OCTOBOT_PROXY_TOKEN_SHA256", "abc"}}) ==
        "OCTOBOT_PROXY_TOKEN_SHA256: expected the SHA-256 of the proxy's control API token as 64 hex digits, got 3 "
        "characters");
  CHECK(error_of({"--proxy-token-sha256=" + std::string(63, 'a') + "z"}) ==
        "--proxy-token-sha256: expected the SHA-256 of the proxy's control API token as 64 hex digits, got 64 "
        "characters that are not all hex digits");
  CHECK(error_of({}, {{"OCTOBOT_UPSTREAM_CA_FILE", "ca.pem"}}) ==
        "OCTOBOT_UPSTREAM_CA_FILE: \"ca.pem\" is not an absolute path");
}

TEST_CASE("config: an empty variable counts as unset", "[agent][config]") {
  const AgentConfig config = parsed({}, {{"OCTOBOT_AGENT_USER", ""}, {"OCTOBOT_GRACE_PERIOD", ""}});
  CHECK(config.agent_user == "octobot");
  CHECK(config.grace_period == 10s);
}

TEST_CASE("config: flags win over the environment", "[agent][config]") {
  const AgentConfig config =
      parsed({"--grace-period", "1s", "--session-id=abc", "--subreaper", "--skip-setup=false", "--agent-user="},
             {{"OCTOBOT_GRACE_PERIOD", "3s"}, {"OCTOBOT_SESSION_ID", "env"}, {"OCTOBOT_SKIP_SETUP", "true"}});
  CHECK(config.grace_period == 1s);
  CHECK(config.session_id == "abc");
  CHECK(config.subreaper);
  CHECK_FALSE(config.skip_setup);
  CHECK(config.agent_user.empty());  // "--agent-user=": run as the agent's own user
}

TEST_CASE("config: the agent API's argv after -- or the first positional argument", "[agent][config]") {
  CHECK(parsed({"--subreaper", "--", "sh", "-c", "exit 3"}).api_argv == std::vector<std::string>{"sh", "-c", "exit 3"});
  CHECK(parsed({"--subreaper", "sleep", "--flag-of-sleep"}).api_argv ==
        std::vector<std::string>{"sleep", "--flag-of-sleep"});
  CHECK(parsed({"--proxy-argv=[]"}).proxy_argv.empty());
}

TEST_CASE("config: errors name the flag or variable", "[agent][config]") {
  CHECK(error_of({"--grace-period=soon"}) == "--grace-period: \"soon\" is not a duration (e.g. 10s, 500ms, 1m30s)");
  CHECK(error_of({}, {{"OCTOBOT_GRACE_PERIOD", "10"}}).starts_with("OCTOBOT_GRACE_PERIOD: \"10\" is not a duration"));
  CHECK(error_of({"--bogus"}) == "unknown flag --bogus (see --help)");
  CHECK(error_of({"-x"}) == "unknown flag -x (see --help)");
  CHECK(error_of({"--grace-period"}) == "--grace-period needs a value");
  CHECK(error_of({"--subreaper=maybe"}).starts_with("--subreaper: \"maybe\" is not a boolean"));
  CHECK(error_of({"--session-id=../x"}).starts_with("--session-id: \"../x\" is not a session id"));
  CHECK(error_of({"--session-id=-x"}).starts_with("--session-id: \"-x\" is not a session id"));
  CHECK(error_of({"--agent-user=Root"}).starts_with("--agent-user: \"Root\" is not a user name"));
  CHECK(error_of({"--agent-uid=0"}).starts_with("--agent-uid: \"0\" is not a user id"));
  CHECK(error_of({"--data-dir=relative"}) == "--data-dir: \"relative\" is not an absolute path");
  CHECK(error_of({"--proxy-argv=octobot-proxy"}).starts_with("--proxy-argv: \"octobot-proxy\" is not a JSON array"));
  CHECK(error_of({"--proxy-argv=[1]"}).starts_with("--proxy-argv: \"[1]\" is not a JSON array of strings"));
  CHECK(error_of({"--api-argv=[]"}) == "--api-argv: the agent API's argv must not be empty");
  CHECK(error_of({"--main-restart=always"}) == "--main-restart: \"always\" is neither on-failure nor never");
  CHECK(error_of({"--crash-limit=0"}) == "--crash-limit: \"0\" is not a number between 1 and 1000");
  CHECK(error_of({"--crash-window=0"}) == "--crash-window: must be longer than 0");
  CHECK(error_of({"--restart-delay=1m", "--restart-delay-max=30s"}) ==
        "the restart delay (1m) is longer than the longest restart delay (30s)");
  CHECK(error_of({"--api-argv=[\"a\"]", "--", "b"}) ==
        "give the agent API's argv either with --api-argv or after --, not both");
  CHECK(error_of({"--"}) == "the agent API's argv after -- is empty");
}

TEST_CASE("config: --help", "[agent][config]") {
  CHECK(parsed({"--help"}).help);
  CHECK(parsed({"-h"}).help);
  const std::string usage = octobot::agent::usage_text();
  CHECK(usage.find("--grace-period <value>") != std::string::npos);
  CHECK(usage.find("env OCTOBOT_GRACE_PERIOD, default 10s") != std::string::npos);
  CHECK(usage.find("env OCTOBOT_SUBREAPER") != std::string::npos);
}
