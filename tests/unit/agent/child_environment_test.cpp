#include "agent/child_environment.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using octobot::agent::child_environment;
using octobot::agent::ChildRole;
using octobot::agent::Identity;
using octobot::agent::ProxySettings;

namespace {

const ProxySettings kSettings{"http://127.0.0.1:17080", "localhost,127.0.0.1", "/ca/session.crt", "/ca/bundle.crt"};

int count(const std::vector<std::string>& env, const std::string& entry) {
  return static_cast<int>(std::count(env.begin(), env.end(), entry));
}

bool has_name(const std::vector<std::string>& env, const std::string& name) {
  return std::any_of(env.begin(), env.end(), [&](const std::string& e) { return e.rfind(name + "=", 0) == 0; });
}

}  // namespace

TEST_CASE("child environment: the agent API gets the proxy and the CA", "[agent][environment]") {
  const std::vector<std::string> base = {"PATH=/usr/bin", "OCTOBOT_SESSION_ID=s1", "https_proxy=http://evil:1",
                                         "Http_Proxy=http://evil:2", "SSL_CERT_FILE=/other"};
  const auto env = child_environment(base, ChildRole::agent_api, kSettings, std::nullopt);
  const std::vector<std::string> expected = {"PATH=/usr/bin",
                                             "OCTOBOT_SESSION_ID=s1",
                                             "HTTP_PROXY=http://127.0.0.1:17080",
                                             "HTTPS_PROXY=http://127.0.0.1:17080",
                                             "ALL_PROXY=http://127.0.0.1:17080",
                                             "http_proxy=http://127.0.0.1:17080",
                                             "https_proxy=http://127.0.0.1:17080",
                                             "all_proxy=http://127.0.0.1:17080",
                                             "NO_PROXY=localhost,127.0.0.1",
                                             "no_proxy=localhost,127.0.0.1",
                                             "NODE_EXTRA_CA_CERTS=/ca/session.crt",
                                             "SSL_CERT_FILE=/ca/bundle.crt",
                                             "REQUESTS_CA_BUNDLE=/ca/bundle.crt"};
  CHECK(env == expected);
}

TEST_CASE("child environment: the proxy gets none of the proxy variables", "[agent][environment]") {
  const std::vector<std::string> base = {"PATH=/usr/bin",          "HTTPS_PROXY=http://x:1", "no_proxy=*",
                                         "NODE_EXTRA_CA_CERTS=/x", "REQUESTS_CA_BUNDLE=/y",  "TERM=xterm"};
  const auto env = child_environment(base, ChildRole::proxy, kSettings, std::nullopt);
  CHECK(env == std::vector<std::string>{"PATH=/usr/bin", "TERM=xterm"});
}

TEST_CASE("child environment: the user's HOME, USER and LOGNAME; a default PATH", "[agent][environment]") {
  Identity octobot;
  octobot.name = "octobot";
  octobot.home = "/data/home";
  const std::vector<std::string> base = {"HOME=/root", "USER=root", "malformed"};
  const auto env = child_environment(base, ChildRole::proxy, kSettings, octobot);
  CHECK(count(env, "HOME=/data/home") == 1);
  CHECK(count(env, "USER=octobot") == 1);
  CHECK(count(env, "LOGNAME=octobot") == 1);
  CHECK(count(env, "HOME=/root") == 0);
  CHECK(count(env, "malformed") == 0);
  CHECK(count(env, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") == 1);
  CHECK_FALSE(has_name(env, "HTTPS_PROXY"));
}
