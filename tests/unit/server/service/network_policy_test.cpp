#include "server/service/network_policy.hpp"

#include "tests/unit/server/service/service_fixture.hpp"

using namespace octobot::service;
using namespace octobot::service::testing;
using nlohmann::json;
namespace store = octobot::store;

namespace {

store::Credential credential(const std::string& provider, const std::string& id, json hosts) {
  store::Credential c;
  c.id = id;
  c.project_id = "local";
  c.provider = provider;
  c.name = provider;
  c.hosts_json = hosts.dump();
  return c;
}

}  // namespace

TEST_CASE("a network policy is read strictly", "[service][network]") {
  auto policy = read_network_policy(json::parse(R"({"allowHosts": ["Example.COM", "*.corp.example", "example.com"],
                                                   "allowCidrs": ["10.1.0.0/16", "fd00::/8"]})"));
  REQUIRE(policy.ok());
  CHECK(policy->allow_hosts == std::vector<std::string>{"example.com", "*.corp.example"});
  CHECK(policy->allow_cidrs == std::vector<std::string>{"10.1.0.0/16", "fd00::/8"});
  CHECK(read_network_policy(json::object()).ok());

  for (const std::string bad : {R"([])", R"({"allowHosts": "example.com"})", R"({"allowHosts": [1]})",
                                R"({"allowHosts": ["exa mple.com"]})", R"({"allowHosts": ["-x.com:443"]})",
                                R"({"allowCidrs": ["10.0.0.0"]})", R"({"allowCidrs": ["10.0.0.0/x"]})",
                                R"({"allowHost": []})"}) {
    INFO(bad);
    CHECK(outcome(read_network_policy(json::parse(bad))) == "invalid");
  }
  json many = {{"allowHosts", json::array()}};
  for (int i = 0; i < 257; ++i) many["allowHosts"].push_back("h" + std::to_string(i) + ".example");
  CHECK(outcome(read_network_policy(many)) == "invalid");
}

TEST_CASE("a project without a policy of its own gets the default", "[service][network]") {
  const NetworkPolicy fallback = project_network_policy("");
  CHECK(fallback.allow_hosts == default_network_policy().allow_hosts);
  for (const std::string host : {"api.anthropic.com", "registry.npmjs.org", "pypi.org", "deb.debian.org", "github.com"}) {
    CHECK(std::find(fallback.allow_hosts.begin(), fallback.allow_hosts.end(), host) != fallback.allow_hosts.end());
  }
  CHECK(project_network_policy(R"({"allowHosts": ["only.example"]})").allow_hosts ==
        std::vector<std::string>{"only.example"});
}

TEST_CASE("the proxy policy injects each credential only at its own hosts", "[service][network]") {
  const NetworkPolicy policy{{"pypi.org"}, {"10.9.0.0/16"}};
  const std::vector<RevealedCredential> credentials{
      {credential("anthropic", "0a1b2c3d-0000-4000-8000-000000000000", {"api.anthropic.com"}), "sk-ant-real"},
      {credential("gateway", "99999999-0000-4000-8000-000000000000", {"llm.corp.example", "*.corp.example"}),
       "gw-real"}};
  const json config = proxy_policy(policy, {"git.example.org"}, credentials);

  CHECK(config["allow"]["hosts"] == json::array({"*.corp.example", "api.anthropic.com", "git.example.org",
                                                 "llm.corp.example", "pypi.org"}));
  CHECK(config["allow"]["cidrs"] == json::array({"10.9.0.0/16"}));
  CHECK(config["deny"]["cidrs"] == json::array({"169.254.169.254/32"}));
  REQUIRE(config["rules"].size() == 2);  // exact hosts only; the glob is allowed but gets no secret
  const json& anthropic = config["rules"][0];
  CHECK(anthropic["host"] == "api.anthropic.com");
  CHECK(anthropic["credentials"] == json::array({{{"header", "x-api-key"},
                                                  {"placeholder", "OCTOBOT_PLACEHOLDER_ANTHROPIC_0A1B2C3D"},
                                                  {"value", "sk-ant-real"}},
                                                 {{"header", "authorization"},
                                                  {"placeholder", "OCTOBOT_PLACEHOLDER_ANTHROPIC_0A1B2C3D"},
                                                  {"value", "sk-ant-real"}}}));
  CHECK(config["rules"][1]["host"] == "llm.corp.example");
  CHECK(config["rules"][1]["credentials"][0]["value"] == "gw-real");
  CHECK(config["rules"][1]["credentials"].size() == 1);  // unknown providers: the Authorization header
  CHECK(config["rules"][1]["credentials"][0]["header"] == "authorization");
}

TEST_CASE("an agent's policy adds to the project's", "[service][network]") {
  NetworkPolicy policy{{"pypi.org"}, {"10.0.0.0/8"}};
  add_network_policy(policy, json::parse(R"({"allowHosts": ["internal.example", "pypi.org"], "allowCidrs": ["fd00::/8"]})"));
  CHECK(policy.allow_hosts == std::vector<std::string>{"pypi.org", "internal.example"});
  CHECK(policy.allow_cidrs == std::vector<std::string>{"10.0.0.0/8", "fd00::/8"});
  add_network_policy(policy, json::parse(R"({"allowHosts": ["bad host"]})"));  // unreadable: adds nothing
  add_network_policy(policy, json::object());
  CHECK(policy.allow_hosts.size() == 2);
}

TEST_CASE("a forge token reaches the proxy as git sends it: HTTP Basic with the forge's token user", "[service][network]") {
  const std::vector<RevealedCredential> credentials{
      {credential("github", "11111111-0000-4000-8000-000000000000", {"github.com"}), "ghp_real"},
      {credential("gitlab", "22222222-0000-4000-8000-000000000000", {"gitlab.example"}), "glpat_real"},
      {credential("gitea", "33333333-0000-4000-8000-000000000000", {"gitea.example"}), "gitea_real"}};
  const json config = proxy_policy({{}, {}}, {}, credentials);
  REQUIRE(config["rules"].size() == 3);
  CHECK(config["rules"][0]["host"] == "gitea.example");
  CHECK(config["rules"][0]["credentials"][0]["value"] == "Basic b2N0b2JvdDpnaXRlYV9yZWFs");   // octobot:gitea_real
  CHECK(config["rules"][1]["host"] == "github.com");
  CHECK(config["rules"][1]["credentials"][0]["value"] == "Basic eC1hY2Nlc3MtdG9rZW46Z2hwX3JlYWw=");  // x-access-token:ghp_real
  CHECK(config["rules"][2]["credentials"][0]["value"] == "Basic b2F1dGgyOmdscGF0X3JlYWw=");  // oauth2:glpat_real
}
