// Session sandboxes against real Docker and the real octobot/agent image
// (issue 12): the real `octobot` binary provisions, stops, starts and removes
// containers; the tests check what Docker itself reports (the docker CLI) and
// kill things at the worst moments. The image must exist (the CTest fixture
// agent_image builds it; scripts/ensure-docker.sh starts Docker).
#include "lib/proc/run.hpp"
#include "server/store/store.hpp"
#include "tests/integration/git_repo.hpp"
#include "tests/integration/sandbox_fixture.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/integration/terminal_client.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using octobot::http::Method;
using octobot::testing::ServerProcess;
using namespace octobot::testing;

constexpr const char* kSecret = "sk-ant-sandbox-real-key-0123456789";

}  // namespace

TEST_CASE("a session gets its own confined container, stops, starts with /data intact, and is removed",
          "[sandbox]") {
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data());
  REQUIRE(server.call(Method::post, "/api/projects/local/credentials",
                      {{"provider", "anthropic"}, {"name", "key"}, {"apiKey", kSecret}})["status"] == 201);
  const std::string workspace = create_workspace(server, scratch.repo());
  const std::string id = create_session(server, workspace, "first");
  const Json ready = wait_for(server, id, "ready");
  CHECK(ready["errorMessage"].is_null());

  const std::string name = "octobot-session-" + id;
  const Json container = inspect(name);
  const std::string container_id = container["Id"];
  CHECK(container["Config"]["Labels"]["octobot.session"] == id);
  CHECK(container["Config"]["Labels"]["octobot.managed"] == "true");
  CHECK(container["Config"]["Labels"]["octobot.instance"] == scratch.instance());
  const Json& host = container["HostConfig"];
  CHECK(host["Privileged"] == false);
  CHECK(host["CapAdd"] == Json::array({"NET_ADMIN"}));
  CHECK(host["SecurityOpt"] == Json::array({"no-new-privileges"}));
  for (const auto& [port, bindings] : container["NetworkSettings"]["Ports"].items()) {
    for (const auto& binding : bindings) CHECK(binding["HostIp"] == "127.0.0.1");
  }
  for (const auto& mount : container["Mounts"]) CHECK(mount["Source"].get<std::string>().find("docker.sock") == std::string::npos);

  // The workspace is a clone on the session's branch, owned by the agent's user.
  auto branch = exec_in(name, "octobot", {"git", "-C", "/data/workspace", "rev-parse", "--abbrev-ref", "HEAD"});
  CHECK(branch.out == "octobot/" + id);
  // Raw tokens and the real key are nowhere Docker shows.
  auto store = octobot::store::open_store((scratch.data() / "octobot.db").string());
  REQUIRE(store);
  auto record = (*store)->find_session("local", id);
  REQUIRE(record);
  const std::string visible = container.dump() + docker({"logs", name}).out;
  CHECK(record->api_token.size() >= 32);
  CHECK(visible.find(record->api_token) == std::string::npos);
  CHECK(visible.find(record->proxy_token) == std::string::npos);
  CHECK(visible.find(kSecret) == std::string::npos);
  CHECK(exec_in(name, "root", {"grep", "-rqs", kSecret, "/data", "/etc", "/tmp", "/root"}).exit_code == 1);
  auto events = (*store)->list_events_after("local", 0, 10000);
  REQUIRE(events);
  for (const auto& event : *events) {
    CHECK(event.data_json.find(kSecret) == std::string::npos);
    CHECK(event.data_json.find(record->api_token) == std::string::npos);
  }

  // PID 1 reaps what is orphaned inside the container.
  REQUIRE(exec_in(name, "octobot", {"sh", "-c", "sleep 0.2 & exit 0"}).exit_code == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  CHECK(exec_in(name, "root", {"sh", "-c", "ps -eo stat= | grep -c '^Z'"}).out == "0");

  // Stop keeps /data; start reuses the container.
  REQUIRE(exec_in(name, "octobot", {"sh", "-c", "echo kept > /data/home/marker"}).exit_code == 0);
  REQUIRE(server.call(Method::post, session_url(id) + "/stop", Json::object())["status"] == 202);
  wait_for(server, id, "stopped");
  CHECK(inspect(name)["State"]["Running"] == false);
  CHECK(inspect(name)["State"]["ExitCode"] == 0);  // SIGTERM reached the agent API, which ended cleanly
  REQUIRE(server.call(Method::post, session_url(id) + "/start", Json::object())["status"] == 202);
  wait_for(server, id, "ready");
  CHECK(inspect(name)["Id"] == container_id);
  CHECK(exec_in(name, "octobot", {"cat", "/data/home/marker"}).out == "kept");

  // Delete: container, volume, then the row.
  auto removing = server.call(Method::delete_, session_url(id));
  CHECK(removing["status"] == 202);
  CHECK(removing["body"]["status"] == "removing");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (server.call(Method::get, session_url(id))["status"] != 404) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(docker({"inspect", name}).exit_code != 0);
  CHECK(docker({"volume", "inspect", "octobot-data-" + id}).exit_code != 0);
}

TEST_CASE("a killed container makes its session stopped; using it brings /data back", "[sandbox]") {
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data());
  const std::string id = create_session(server, create_workspace(server, scratch.repo()), "kill me");
  wait_for(server, id, "ready");
  const std::string name = "octobot-session-" + id;
  REQUIRE(exec_in(name, "octobot", {"sh", "-c", "echo still-here > /data/home/marker"}).exit_code == 0);

  // The agent API dies inside: PID 1 restarts it and the session stays ready.
  REQUIRE(exec_in(name, "root", {"pkill", "-KILL", "-f", "octobot-agent-api"}).exit_code == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  CHECK(exec_in(name, "root", {"pgrep", "-f", "octobot-agent-api"}).exit_code == 0);
  CHECK(inspect(name)["State"]["Running"] == true);

  REQUIRE(docker({"kill", name}).exit_code == 0);
  wait_for(server, id, "stopped", std::chrono::seconds(20));
  REQUIRE(server.call(Method::post, session_url(id) + "/start", Json::object())["status"] == 202);
  wait_for(server, id, "ready");
  CHECK(exec_in(name, "octobot", {"cat", "/data/home/marker"}).out == "still-here");
}

TEST_CASE("kill -9 of the server while provisioning and while ready: restart repairs, nothing is orphaned",
          "[sandbox]") {
  Scratch scratch;
  std::string ready_id, provisioning_id, ready_container;
  {
    ServerProcess server(OCTOBOT_BINARY, scratch.data());
    const std::string workspace = create_workspace(server, scratch.repo());
    ready_id = create_session(server, workspace, "ready one");
    wait_for(server, ready_id, "ready");
    ready_container = inspect("octobot-session-" + ready_id)["Id"];
    provisioning_id = create_session(server, workspace, "provisioning one");
    server.kill_hard();  // while the second one is being provisioned
  }
  // A container of this server that no session owns.
  const std::string orphan_session = "00000000-0000-4000-8000-00000000dead";
  REQUIRE(docker({"run", "-d", "--name", "octobot-session-" + orphan_session, "--label", "octobot.managed=true",
                  "--label", "octobot.session=" + orphan_session, "--label", "octobot.instance=" + scratch.instance(),
                  "--entrypoint", "sleep", "octobot/agent:0.1.0", "600"})
              .exit_code == 0);

  ServerProcess restarted(OCTOBOT_BINARY, scratch.data());
  wait_for(restarted, ready_id, "ready");
  wait_for(restarted, provisioning_id, "ready");
  CHECK(inspect("octobot-session-" + ready_id)["Id"] == ready_container);  // re-attached, not recreated
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (docker({"inspect", "octobot-session-" + orphan_session}).exit_code == 0) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(containers_of(scratch.instance()).size() == 2);
}

TEST_CASE("a plain folder is snapshotted as the base; a set-up failure is the error, in the agent's words",
          "[sandbox]") {
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data());
  const fs::path plain = scratch.data().parent_path() / "plain";
  fs::create_directories(plain);
  std::ofstream(plain / "notes.txt") << "not in git\n";
  const std::string plain_id = create_session(server, create_workspace(server, plain), "plain folder");
  wait_for(server, plain_id, "ready");
  CHECK(exec_in("octobot-session-" + plain_id, "octobot", {"cat", "/data/workspace/notes.txt"}).out == "not in git");
  CHECK(exec_in("octobot-session-" + plain_id, "octobot", {"git", "-C", "/data/workspace", "log", "--format=%s"})
            .out.find("Octobot: snapshot of") == 0);
  CHECK_FALSE(fs::exists(plain / ".git"));  // the user's folder is never written

  // A folder with a broken .git: the server takes it for a repository, the agent's clone fails.
  const fs::path broken = scratch.data().parent_path() / "broken";
  fs::create_directories(broken / ".git");
  const std::string id = create_session(server, create_workspace(server, broken), "broken");
  const Json failed = wait_for(server, id, "error");
  INFO(failed.dump());
  CHECK(failed["errorMessage"].get<std::string>().find("set-up step 'workspace' failed") != std::string::npos);
}

namespace {

// A plain HTTP/1.0 server on all host addresses (the containers reach it at
// host.docker.internal) plus a UDP socket on the same port that counts datagrams.
class HostListener {
 public:
  HostListener() {
    tcp_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int on = 1;
    ::setsockopt(tcp_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    REQUIRE(::bind(tcp_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(tcp_, 16) == 0);
    socklen_t length = sizeof address;
    ::getsockname(tcp_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    udp_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    REQUIRE(::bind(udp_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    server_ = std::thread([this] { serve(); });
  }
  ~HostListener() {
    ::shutdown(tcp_, SHUT_RDWR);
    ::close(tcp_);
    server_.join();
    ::close(udp_);
  }
  int port() const { return port_; }
  // Datagrams that arrived within `wait`.
  int datagrams(std::chrono::milliseconds wait) {
    int count = 0;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd fd{udp_, POLLIN, 0};
      if (::poll(&fd, 1, 50) == 1) {
        char buffer[512];
        if (::recv(udp_, buffer, sizeof buffer, 0) >= 0) ++count;
      }
    }
    return count;
  }

 private:
  void serve() {
    for (;;) {
      int client = ::accept(tcp_, nullptr, nullptr);
      if (client < 0) return;
      char buffer[4096];
      (void)::recv(client, buffer, sizeof buffer, 0);
      const std::string reply = "HTTP/1.0 200 OK\r\nContent-Length: 19\r\n\r\nhello from the host";
      (void)::send(client, reply.data(), reply.size(), MSG_NOSIGNAL);
      ::close(client);
    }
  }
  int tcp_ = -1;
  int udp_ = -1;
  int port_ = 0;
  std::thread server_;
};

}  // namespace

TEST_CASE("from inside a session only the proxy gets out, and only to allowed hosts", "[sandbox][escape]") {
  HostListener host;
  const std::string url = "http://host.docker.internal:" + std::to_string(host.port()) + "/";
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data());
  REQUIRE(server.call(Method::post, "/api/projects/local/credentials",
                      {{"provider", "anthropic"}, {"name", "key"}, {"apiKey", kSecret}})["status"] == 201);
  const Json allow_host = {{"networkPolicy", {{"allowHosts", {"host.docker.internal"}}, {"allowCidrs", {"172.16.0.0/12"}}}}};
  REQUIRE(server.call(Method::patch, "/api/projects/local", allow_host)["status"] == 200);
  const std::string id = create_session(server, create_workspace(server, scratch.repo()), "escape");
  wait_for(server, id, "ready");
  const std::string name = "octobot-session-" + id;
  auto as_agent = [&](const std::vector<std::string>& argv) { return exec_in(name, "octobot", argv); };
  const std::string proxy = "http://127.0.0.1:17080";

  // Through the proxy: the allowed host answers, any other gets 403.
  CHECK(as_agent({"curl", "-sS", "-m", "10", "-x", proxy, url}).out == "hello from the host");
  CHECK(as_agent({"curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "10", "-x", proxy,
                  "http://example.com/"}).out == "403");
  // The agent's environment points at the proxy and holds no secret.
  auto environment = as_agent({"cat", "/proc/self/environ"});
  CHECK(environment.out.find(kSecret) == std::string::npos);

  // Direct TCP, UDP (DNS included: the firewall has no exception for it) and IPv6 do not get out.
  CHECK(as_agent({"curl", "-sS", "--noproxy", "*", "-m", "3", url}).exit_code != 0);
  (void)as_agent({"bash", "-c", "for i in 1 2 3; do echo x > /dev/udp/host.docker.internal/" +
                                    std::to_string(host.port()) + "; done"});
  CHECK(host.datagrams(std::chrono::milliseconds(1000)) == 0);
  // IPv6: the same policy (output dropped but for loopback and the proxy's user).
  const std::string ip6 = exec_in(name, "root", {"ip6tables", "-S", "OUTPUT"}).out;
  CHECK(ip6.find("-P OUTPUT DROP") != std::string::npos);
  CHECK(ip6.find("--uid-owner 1001") != std::string::npos);

  // No way to change the firewall or become root; the proxy is out of reach.
  CHECK(as_agent({"iptables", "-F"}).exit_code != 0);
  CHECK(as_agent({"ip6tables", "-F"}).exit_code != 0);
  CHECK(as_agent({"su", "-c", "true", "root"}).exit_code != 0);
  CHECK(as_agent({"sudo", "-n", "true"}).exit_code != 0);
  CHECK(as_agent({"sh", "-c", "cat /proc/$(pgrep -u octoproxy -o octobot-proxy)/environ"}).exit_code != 0);
  CHECK(as_agent({"sh", "-c", "head -c1 /proc/$(pgrep -u octoproxy -o octobot-proxy)/mem"}).exit_code != 0);
  CHECK(as_agent({"cat", "/data/proxy/proxy.yaml"}).exit_code != 0);
  CHECK(as_agent({"cat", "/data/proxy/ca.key"}).exit_code != 0);
  CHECK(as_agent({"curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:17081/config"}).out == "401");
  CHECK(as_agent({"grep", "-rqs", kSecret, "/data", "/etc", "/tmp"}).exit_code != 0);

  // A new policy reaches the running session within a second.
  const Json deny_host = {{"networkPolicy", {{"allowHosts", Json::array()}, {"allowCidrs", Json::array()}}}};
  REQUIRE(server.call(Method::patch, "/api/projects/local", deny_host)["status"] == 200);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(as_agent({"curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "10", "-x", proxy, url}).out == "403");
  // So does a new credential: its hosts are allowed (and get its injection rule).
  const Json gateway = {{"provider", "gateway"}, {"name", "gw"}, {"apiKey", "gw-secret-0123456789abcdef"},
                        {"hosts", {"host.docker.internal"}}};
  REQUIRE(server.call(Method::post, "/api/projects/local/credentials", gateway)["status"] == 201);
  const Json allow_cidr = {{"networkPolicy", {{"allowCidrs", {"172.16.0.0/12"}}}}};
  REQUIRE(server.call(Method::patch, "/api/projects/local", allow_cidr)["status"] == 200);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(as_agent({"curl", "-sS", "-m", "10", "-x", proxy, url}).out == "hello from the host");
}

TEST_CASE("an idle session is stopped after the idle timeout", "[sandbox]") {
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data(), {"--idle-timeout", "2"});
  const std::string id = create_session(server, create_workspace(server, scratch.repo()), "idle");
  wait_for(server, id, "ready");
  wait_for(server, id, "stopped", std::chrono::seconds(20));
  CHECK(inspect("octobot-session-" + id)["State"]["Running"] == false);
}

TEST_CASE("a server that finds its image missing builds it, and sessions wait for it", "[sandbox][image]") {
  Scratch scratch;
  const std::string image = "octobot/agent:autobuild-" + std::to_string(getpid());
  (void)docker({"rmi", "-f", image});
  {
    ServerProcess server(OCTOBOT_BINARY, scratch.data(), {"--agent-image", image});
    const std::string id = create_session(server, create_workspace(server, scratch.repo()), "needs the image");
    wait_for(server, id, "ready", std::chrono::seconds(600));  // seconds with a warm cache; a cold one takes minutes
    CHECK(inspect("octobot-session-" + id)["Config"]["Image"] == image);
  }
  remove_everything_of(scratch.instance());
  CHECK(docker({"rmi", "-f", image}).exit_code == 0);
}

TEST_CASE("a session deleted while it is being provisioned is removed with its container", "[sandbox]") {
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data());
  const std::string id = create_session(server, create_workspace(server, scratch.repo()), "short-lived");
  auto removing = server.call(Method::delete_, session_url(id));
  REQUIRE(removing["status"] == 202);
  CHECK(removing["body"]["status"] == "removing");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (server.call(Method::get, session_url(id))["status"] != 404) {
    INFO(server.call(Method::get, session_url(id)).dump());
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(docker({"inspect", "octobot-session-" + id}).exit_code != 0);
  CHECK(docker({"volume", "inspect", "octobot-data-" + id}).exit_code != 0);
  CHECK(containers_of(scratch.instance()).empty());
}

TEST_CASE("a git-URL workspace's sessions clone the server's mirror", "[sandbox]") {
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data());
  octobot::testing::make_bare_repo(scratch.data().parent_path(), "remote");
  const std::string url = "file://" + (scratch.data().parent_path() / "remote.git").string();
  auto workspace = server.call(Method::post, "/api/projects/local/workspaces", {{"path", url}, {"sourceType", "git"}});
  INFO(workspace.dump());
  REQUIRE(workspace["status"] == 201);
  const std::string workspace_id = workspace["body"]["id"];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (server.call(Method::get, "/api/projects/local/workspaces/" + workspace_id)["body"]["status"] != "ready") {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::string id = create_session(server, workspace_id, "from the mirror");
  wait_for(server, id, "ready");
  CHECK(exec_in("octobot-session-" + id, "octobot", {"cat", "/data/workspace/README.md"}).out == "hello from remote");
}

// PID 1 in the real image, as tini is tested: exit codes, a child that ignores SIGTERM, a crash loop.
TEST_CASE("octobot-agent as PID 1 of a container: exit codes, the grace period, giving up", "[sandbox][pid1]") {
  auto run_agent = [](const std::vector<std::string>& env) {
    std::vector<std::string> args{"run", "--rm", "-e", "OCTOBOT_SKIP_SETUP=1", "-e", "OCTOBOT_PROXY_ARGV=[]"};
    for (const auto& entry : env) {
      args.push_back("-e");
      args.push_back(entry);
    }
    args.push_back("octobot/agent:0.1.0");
    return docker(args);
  };
  CHECK(run_agent({"OCTOBOT_MAIN_RESTART=never", R"(OCTOBOT_API_ARGV=["sh","-c","exit 42"])"}).exit_code == 42);
  CHECK(run_agent({"OCTOBOT_MAIN_RESTART=never", R"(OCTOBOT_API_ARGV=["sh","-c","kill -KILL $$"])"}).exit_code == 137);
  auto gave_up = run_agent({"OCTOBOT_RESTART_DELAY=50ms", R"(OCTOBOT_API_ARGV=["sh","-c","exit 3"])"});
  CHECK(gave_up.exit_code == 3);
  CHECK(gave_up.out.find("giving up") != std::string::npos);

  // A main child that ignores SIGTERM is killed when the grace period ends, long before docker's own timeout.
  const std::string name = "octobot-pid1-test-" + std::to_string(getpid());
  REQUIRE(docker({"run", "-d", "--name", name, "-e", "OCTOBOT_SKIP_SETUP=1", "-e", "OCTOBOT_PROXY_ARGV=[]", "-e",
                  "OCTOBOT_GRACE_PERIOD=1s", "-e", R"(OCTOBOT_API_ARGV=["sh","-c","trap '' TERM; while :; do sleep 1; done"])",
                  "octobot/agent:0.1.0"})
              .exit_code == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(docker({"stop", "-t", "30", name}).exit_code == 0);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  CHECK(inspect(name)["State"]["ExitCode"] == 137);
  (void)docker({"rm", "-f", name});
}

TEST_CASE("the upstream CA files reach the session's proxy", "[sandbox]") {
  Scratch scratch;
  // Any PEM certificate will do: the session's own CA from a first session.
  const fs::path pem = scratch.data().parent_path() / "upstream-ca.pem";
  std::string workspace;
  {
    ServerProcess first(OCTOBOT_BINARY, scratch.data());
    workspace = create_workspace(first, scratch.repo());
    const std::string id = create_session(first, workspace, "ca source");
    wait_for(first, id, "ready");
    std::ofstream(pem) << exec_in("octobot-session-" + id, "root", {"cat", "/data/proxy/ca.crt"}).out << "\n";
  }
  remove_everything_of(scratch.instance());
  ServerProcess server(OCTOBOT_BINARY, scratch.data(), {"--upstream-ca-files", pem.string()});
  const std::string id = create_session(server, workspace, "with upstream CA");
  wait_for(server, id, "ready");
  const std::string name = "octobot-session-" + id;
  CHECK(exec_in(name, "root", {"cat", "/etc/octobot/upstream-ca.pem"}).out.find("BEGIN CERTIFICATE") != std::string::npos);
  CHECK(exec_in(name, "root", {"grep", "-c", "/etc/octobot/upstream-ca.pem", "/data/proxy/proxy.yaml"}).out == "1");
  CHECK(exec_in(name, "octobot", {"sh", "-c", "echo x >> /etc/octobot/upstream-ca.pem"}).exit_code != 0);  // read-only
}

TEST_CASE("a session's files through the server: list, read, write, binary, limits, and no way out", "[sandbox][files]") {
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data());
  const std::string id = create_session(server, create_workspace(server, scratch.repo()), "files");
  wait_for(server, id, "ready");
  const std::string files = session_url(id) + "/files";
  const std::string container = "octobot-session-" + id;

  auto root = server.call(Method::get, files);
  INFO(root.dump());
  REQUIRE(root["status"] == 200);
  CHECK(root["body"]["entries"].dump().find("README.md") != std::string::npos);
  auto readme = server.call(Method::get, files + "/content?path=README.md");
  CHECK(readme["body"]["content"] == "hello\n");
  CHECK(readme["body"]["encoding"] == "utf-8");

  // Written atomically as the agent's user; binary content round-trips as base64.
  CHECK(server.call(Method::put, files + "/content", {{"path", "notes/../x"}, {"content", "no"}})["status"] == 400);
  CHECK(server.call(Method::put, files + "/content", {{"path", "new.txt"}, {"content", "written by the user\n"}})["status"] == 200);
  CHECK(exec_in(container, "octobot", {"cat", "/data/workspace/new.txt"}).out == "written by the user");
  CHECK(exec_in(container, "octobot", {"stat", "-c", "%U", "/data/workspace/new.txt"}).out == "octobot");
  CHECK(server.call(Method::put, files + "/content",
                    {{"path", "blob.bin"}, {"content", "AAEC/w=="}, {"encoding", "base64"}})["status"] == 200);
  auto blob = server.call(Method::get, files + "/content?path=blob.bin");
  CHECK(blob["body"]["encoding"] == "base64");
  CHECK(blob["body"]["content"] == "AAEC/w==");
  CHECK(blob["body"]["size"] == 4);

  // 12 MiB is too large; paths out of the workspace and special files are refused.
  REQUIRE(exec_in(container, "octobot", {"sh", "-c", "head -c 12582912 /dev/zero > /data/workspace/big.bin && "
                                                     "ln -s / /data/workspace/root && mkfifo /data/workspace/pipe"})
              .exit_code == 0);
  CHECK(server.call(Method::get, files + "/content?path=big.bin")["status"] == 413);
  CHECK(server.call(Method::get, files + "/content?path=..%2F..%2Fetc%2Fpasswd")["status"] == 400);
  CHECK(server.call(Method::get, files + "/content?path=%2Fetc%2Fpasswd")["status"] == 400);
  CHECK(server.call(Method::get, files + "/content?path=root%2Fetc%2Fpasswd")["status"] == 403);
  CHECK(server.call(Method::get, files + "?path=root")["status"] == 403);
  CHECK(server.call(Method::get, files + "/content?path=pipe")["status"] == 403);
  CHECK(server.call(Method::get, files + "/content?path=missing")["status"] == 404);
  CHECK(server.call(Method::get, "/api/projects/local/sessions/00000000-0000-4000-8000-000000000000/files")["status"] == 404);

  // A stopped session is started to serve its files.
  REQUIRE(server.call(Method::post, session_url(id) + "/stop", Json::object())["status"] == 202);
  wait_for(server, id, "stopped");
  auto again = server.call(Method::get, files + "/content?path=new.txt");
  CHECK(again["status"] == 200);
  CHECK(again["body"]["content"] == "written by the user\n");
  CHECK(server.call(Method::get, session_url(id))["body"]["status"] == "ready");
}

TEST_CASE("a session's diff through the server: committed, uncommitted and untracked against its base", "[sandbox][diff]") {
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data());
  const std::string id = create_session(server, create_workspace(server, scratch.repo()), "diff");
  wait_for(server, id, "ready");
  const std::string container = "octobot-session-" + id;
  auto empty = server.call(Method::get, session_url(id) + "/diff");
  REQUIRE(empty["status"] == 200);
  CHECK(empty["body"]["files"].empty());
  CHECK(empty["body"]["base"].get<std::string>().size() == 40);

  REQUIRE(exec_in(container, "octobot", {"sh", "-c",
                                         "cd /data/workspace && echo new > added.txt && git add added.txt && "
                                         "git -c user.name=a -c user.email=a@b commit -qm work && "
                                         "echo more >> README.md && printf '\\000\\001' > blob.bin"}).exit_code == 0);
  auto diff = server.call(Method::get, session_url(id) + "/diff");
  INFO(diff.dump());
  REQUIRE(diff["status"] == 200);
  REQUIRE(diff["body"]["files"].size() == 3);
  std::map<std::string, Json> by_path;
  for (const auto& file : diff["body"]["files"]) by_path[file["path"]] = file;
  CHECK(by_path["added.txt"]["status"] == "added");
  CHECK(by_path["README.md"]["status"] == "modified");
  CHECK(by_path["README.md"]["patch"].get<std::string>().find("+more") != std::string::npos);
  CHECK(by_path["blob.bin"]["binary"] == true);
  auto stat = server.call(Method::get, session_url(id) + "/diff?stat=1&path=README.md");
  REQUIRE(stat["body"]["files"].size() == 1);
  CHECK_FALSE(stat["body"]["files"][0].contains("patch"));
  CHECK(server.call(Method::get, session_url(id) + "/diff?path=..%2Fx")["status"] == 400);
  // The agent's own view is untouched: its index still has only what it staged.
  CHECK(exec_in(container, "octobot", {"git", "-C", "/data/workspace", "status", "--porcelain"}).out ==
        " M README.md\n?? blob.bin");
}

namespace {

unsigned short port_of(const ServerProcess& server) {
  return static_cast<unsigned short>(std::stoi(server.url().substr(server.url().rfind(':') + 1)));
}

// Processes in the container whose command line contains `text` (pgrep -f, as root).
std::string processes_matching(const std::string& container, const std::string& text) {
  return exec_in(container, "root", {"sh", "-c", "ps -eo pid,user,args | grep -F -- '" + text + "' | grep -v grep || true"}).out;
}

// Reads until `needle` shows up after `mark`; on failure shows what the terminal sent.
void expect_output(TerminalClient& terminal, const std::string& needle, std::size_t mark = 0) {
  const bool found = terminal.read_until(needle, std::chrono::seconds(15), mark);
  const auto shown = [](const std::string& text) {
    return Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
  };
  INFO("waiting for " << shown(needle) << " in " << shown(terminal.output().substr(mark)));
  CHECK(found);
}

}  // namespace

TEST_CASE("a session's terminal through the server: a shell as the agent's user, resize, several, hung up on close",
          "[sandbox][terminal]") {
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data());
  const std::string id = create_session(server, create_workspace(server, scratch.repo()), "terminal");
  wait_for(server, id, "ready");
  const std::string container = "octobot-session-" + id;
  const std::string target = session_url(id) + "/terminal?cols=80&rows=24";

  // Not a WebSocket; another site's page; a size out of range; another session id.
  CHECK(server.call(Method::get, target)["status"] == 400);
  CHECK(TerminalClient().connect(port_of(server), target, "http://evil.example") == 403);
  CHECK(TerminalClient().connect(port_of(server), session_url(id) + "/terminal?cols=0") == 400);
  CHECK(TerminalClient().connect(port_of(server), session_url("00000000-0000-4000-8000-000000000000") + "/terminal") == 404);

  TerminalClient first;
  REQUIRE(first.connect(port_of(server), target, server.url()) == 101);
  first.send_binary("echo $((6*7)); whoami; pwd\n");
  expect_output(first, "42\r\noctobot\r\n/data/workspace\r\n");

  // Resize reaches the terminal (stty asks the kernel).
  first.send_text(R"({"type":"resize","cols":132,"rows":43})");
  std::size_t mark = first.output().size();
  first.send_text(R"({"type":"input","data":"stty size\n"})");
  expect_output(first, "43 132\r\n", mark);

  // A second terminal at the same time is its own shell.
  TerminalClient second;
  REQUIRE(second.connect(port_of(server), target) == 101);
  second.send_binary("echo $$ $((7*8))\n");
  expect_output(second, " 56\r\n");
  mark = first.output().size();
  first.send_binary("printf 'still %s\\n' here\n");
  expect_output(first, "still here", mark);

  // Binary-safe: bytes that are not UTF-8 come through as they are.
  mark = first.output().size();
  first.send_binary("printf '\\377\\376\\001end\\n'\n");
  expect_output(first, std::string("\xff\xfe\x01" "end"), mark);

  // Closing the socket ends the shell and what it started, in the background or in its own group.
  first.send_binary("sleep 4242 & setsid -f sleep 4343; echo started\n");
  expect_output(first, "started\r\n");
  CHECK_THAT(processes_matching(container, "sleep 4242"), Catch::Contains("octobot"));
  first.close();
  std::string left = "?";
  for (int i = 0; i < 100 && !left.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    left = processes_matching(container, "sleep 4242");
  }
  CHECK(left.empty());

  // The shell's exit closes the socket with its status.
  second.send_binary("exit 3\n");
  REQUIRE(second.wait_closed());
  CHECK(second.close_code() == 1000);
  CHECK(second.close_reason() == "the shell exited with status 3");
  CHECK(processes_matching(container, "bash -l").empty());
}
