#include "server/runtime/docker/container_json.hpp"

#include <catch2/catch.hpp>

using namespace octobot::runtime;
using nlohmann::json;

namespace {

SandboxSpec sample_spec() {
  SandboxSpec spec;
  spec.session_id = "5b3c1f1e-0000-4000-8000-000000000001";
  spec.project_id = "local";
  spec.image = "octobot/agent:0.1.0";
  spec.instance_id = "instance-1";
  spec.source_dir = "/home/me/repo";
  spec.upstream_ca_file = "/var/lib/octobot/upstream-ca.pem";
  spec.env = {"OCTOBOT_SESSION_ID=5b3c1f1e-0000-4000-8000-000000000001", "OCTOBOT_API_TOKEN_SHA256=abc"};
  spec.limits = {512LL << 20, 1'500'000'000, 256};
  return spec;
}

}  // namespace

TEST_CASE("a session container is confined as DESIGN §4 says", "[runtime][docker]") {
  const json body = container_create_body(sample_spec());
  const json& host = body["HostConfig"];
  CHECK(body["Image"] == "octobot/agent:0.1.0");
  CHECK(body["Labels"] == json{{"octobot.managed", "true"},
                               {"octobot.session", "5b3c1f1e-0000-4000-8000-000000000001"},
                               {"octobot.project", "local"},
                               {"octobot.instance", "instance-1"}});
  CHECK(host["Binds"] == json::array({"octobot-data-5b3c1f1e-0000-4000-8000-000000000001:/data",
                                      "/home/me/repo:/src:ro",
                                      "/var/lib/octobot/upstream-ca.pem:/etc/octobot/upstream-ca.pem:ro"}));
  // Published on the host's loopback only.
  for (const char* port : {"3002/tcp", "17081/tcp"}) {
    INFO(port);
    REQUIRE(host["PortBindings"].contains(port));
    CHECK(host["PortBindings"][port] == json::array({{{"HostIp", "127.0.0.1"}, {"HostPort", ""}}}));
  }
  CHECK(host["PortBindings"].size() == 2);
  CHECK(host["ExtraHosts"] == json::array({"host.docker.internal:host-gateway"}));
  CHECK(host["CapAdd"] == json::array({"NET_ADMIN"}));
  CHECK(host["SecurityOpt"] == json::array({"no-new-privileges"}));
  CHECK(host["Privileged"] == false);
  CHECK(host["Memory"] == 512LL << 20);
  CHECK(host["NanoCpus"] == 1'500'000'000);
  CHECK(host["PidsLimit"] == 256);
  CHECK(host["RestartPolicy"]["Name"] == "no");
  // Nothing mounts the Docker socket.
  CHECK(body.dump().find("docker.sock") == std::string::npos);
  CHECK(body["Env"] == json(sample_spec().env));
}

TEST_CASE("a spec without a source or CA mounts only the volume", "[runtime][docker]") {
  SandboxSpec spec = sample_spec();
  spec.source_dir.clear();
  spec.upstream_ca_file.clear();
  CHECK(container_create_body(spec)["HostConfig"]["Binds"] ==
        json::array({"octobot-data-5b3c1f1e-0000-4000-8000-000000000001:/data"}));
  CHECK(volume_create_body(spec)["Name"] == "octobot-data-5b3c1f1e-0000-4000-8000-000000000001");
  CHECK(container_name(spec.session_id) == "octobot-session-5b3c1f1e-0000-4000-8000-000000000001");
}

TEST_CASE("inspect output gives the state and the published ports", "[runtime][docker]") {
  const json inspect = json::parse(R"({
    "Id": "c0ffee",
    "Config": {"Labels": {"octobot.session": "s1", "octobot.project": "p1", "octobot.managed": "true"}},
    "State": {"Status": "running", "Running": true, "ExitCode": 0, "OOMKilled": false},
    "NetworkSettings": {"Ports": {
      "3002/tcp": [{"HostIp": "127.0.0.1", "HostPort": "49153"}],
      "17081/tcp": [{"HostIp": "127.0.0.1", "HostPort": "49154"}]}}})");
  const SandboxState state = state_from_inspect(inspect);
  CHECK(state.id == "c0ffee");
  CHECK(state.session_id == "s1");
  CHECK(state.project_id == "p1");
  CHECK(state.running);
  CHECK(state.api_port == 49153);
  CHECK(state.proxy_port == 49154);

  const json exited = json::parse(R"({"Id": "c0ffee", "Config": {"Labels": null},
    "State": {"Status": "exited", "Running": false, "ExitCode": 137, "OOMKilled": true},
    "NetworkSettings": {"Ports": {}}})");
  const SandboxState dead = state_from_inspect(exited);
  CHECK_FALSE(dead.running);
  CHECK(dead.exit_code == 137);
  CHECK(dead.oom_killed);
  CHECK(dead.api_port == 0);
  CHECK(dead.session_id.empty());
}

TEST_CASE("events of managed containers are read, others ignored", "[runtime][docker]") {
  const json die = json::parse(R"({"Type": "container", "Action": "die",
    "Actor": {"ID": "c0ffee", "Attributes": {"octobot.managed": "true", "octobot.session": "s1",
                                              "octobot.project": "p1", "exitCode": "137"}}})");
  auto event = event_from_json(die);
  REQUIRE(event);
  CHECK(event->action == "die");
  CHECK(event->container_id == "c0ffee");
  CHECK(event->session_id == "s1");
  CHECK(event->project_id == "p1");
  CHECK(event->exit_code == 137);

  json unmanaged = die;
  unmanaged["Actor"]["Attributes"].erase("octobot.managed");
  CHECK_FALSE(event_from_json(unmanaged));
  json other_action = die;
  other_action["Action"] = "exec_start: bash";
  CHECK_FALSE(event_from_json(other_action));
  CHECK_FALSE(event_from_json(json::parse(R"({"Type": "network", "Action": "connect"})")));
  CHECK_FALSE(event_from_json(json("not an object")));
}

TEST_CASE("the filter selects this server's managed containers", "[runtime][docker]") {
  CHECK(managed_filter("i1") == "%7B%22label%22%3A%5B%22octobot.managed%3Dtrue%22%2C%22octobot.instance%3Di1%22%5D%7D");
  CHECK(managed_filter("i1", true).find("%22type%22%3A%5B%22container%22%5D") != std::string::npos);
}
