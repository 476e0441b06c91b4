// Chat with the real agents in the real sandbox (issue 13): the real `octobot`
// server, Docker, the octobot/agent image and claude-agent-acp / codex-acp,
// against fake model providers (tests/fixtures/fake_*.py) that speak the real
// wire protocols over HTTPS with a test CA and record every request. The
// containers reach the fakes at host.docker.internal through their proxies,
// exactly as they would reach the real providers.
#include "lib/proc/run.hpp"
#include "tests/integration/sandbox_fixture.hpp"
#include "tests/integration/sse_reader.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <sys/wait.h>

namespace {

using namespace octobot::testing;
using octobot::http::Method;

constexpr const char* kAnthropicKey = "sk-ant-chat-real-key-0123456789abcdef";
const std::string kFixtures = std::string(OCTOBOT_SOURCE_DIR) + "/tests/fixtures";

// One fake provider process on all interfaces, with its CA, script and record under `dir`.
class FakeProvider {
 public:
  FakeProvider(const fs::path& dir, const std::string& program, const Json& script) : dir_(dir) {
    fs::create_directories(dir_);
    auto ca = octobot::proc::run({kFixtures + "/make_test_ca.sh", (dir_ / "ca").string(), "host.docker.internal"});
    REQUIRE((ca.ok() && ca->succeeded()));
    set_script(script);
    auto child = octobot::proc::start_piped(
        {"python3", kFixtures + "/" + program, "--listen", "0.0.0.0:0", "--cert", (dir_ / "ca" / "server.pem").string(),
         "--key", (dir_ / "ca" / "server.key").string(), "--script", (dir_ / "script.json").string(), "--record",
         (dir_ / "record.jsonl").string(), "--port-file", (dir_ / "port").string()});
    REQUIRE(child.ok());
    pid_ = child->pid;
    for (int fd : {child->stdin_fd, child->stdout_fd, child->stderr_fd}) ::close(fd);
    for (int i = 0; i < 200 && !fs::exists(dir_ / "port"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    std::ifstream(dir_ / "port") >> port_;
    REQUIRE(port_ > 0);
  }
  ~FakeProvider() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }

  std::string ca_file() const { return (dir_ / "ca" / "ca.pem").string(); }
  std::string base_url() const { return "https://host.docker.internal:" + std::to_string(port_); }
  // The replies to the next main-loop requests (the fake starts the new script from its first turn).
  void set_script(const Json& script) {
    std::ofstream(dir_ / "script.tmp") << script.dump();
    fs::rename(dir_ / "script.tmp", dir_ / "script.json");
  }
  std::vector<Json> requests(const std::string& treated_as = "main") const {
    std::vector<Json> found;
    std::ifstream in(dir_ / "record.jsonl");
    for (std::string line; std::getline(in, line);) {
      Json request = Json::parse(line, nullptr, false);
      if (request.is_object() && request.value("treated_as", "") == treated_as) found.push_back(request);
    }
    return found;
  }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// A server whose sessions may reach the fake provider: the test CA trusted upstream, the Docker
// bridge allowed, the credential for the provider's host, and an agent pointed at the fake.
struct ChatWorld {
  Scratch scratch;
  FakeProvider provider;
  std::unique_ptr<ServerProcess> server;
  std::string workspace;
  std::string agent;

  ChatWorld(const Json& script, const Json& agent_fields = Json::object(),
            std::vector<std::string> extra_args = {})
      : provider(scratch.data().parent_path() / "provider", "fake_anthropic.py", script) {
    args = {"--upstream-ca-files", provider.ca_file()};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    start_server();
    REQUIRE(server->call(Method::patch, "/api/projects/local",
                         {{"networkPolicy", {{"allowCidrs", {"172.16.0.0/12"}}}}})["status"] == 200);
    REQUIRE(server->call(Method::post, "/api/projects/local/credentials",
                         {{"provider", "anthropic"}, {"name", "fake"}, {"apiKey", kAnthropicKey},
                          {"hosts", {"host.docker.internal"}}})["status"] == 201);
    Json agent_body = {{"type", "claude-code"}, {"name", "claude"},
                       {"env", {{"ANTHROPIC_BASE_URL", provider.base_url()}}}};
    agent_body.update(agent_fields);
    auto created = server->call(Method::post, "/api/projects/local/agents", agent_body);
    INFO(created.dump());
    REQUIRE(created["status"] == 201);
    agent = created["body"]["id"];
    workspace = create_workspace(*server, scratch.repo());
  }

  void start_server() { server = std::make_unique<ServerProcess>(OCTOBOT_BINARY, scratch.data(), args); }
  std::string new_session(const std::string& name = "") {
    Json body = Json::object();
    if (!name.empty()) body["name"] = name;
    auto session = server->call(Method::post, "/api/projects/local/workspaces/" + workspace + "/sessions", body);
    INFO(session.dump());
    REQUIRE(session["status"] == 201);
    const std::string id = session["body"]["id"];
    wait_for(*server, id, "ready", std::chrono::seconds(120));
    return id;
  }
  std::vector<std::string> args;
};

Json user_message(const std::string& text) {
  return {{"message", {{"role", "user"}, {"parts", {{{"type", "text"}, {"text", text}}}}}}};
}

// The chunks of a UI message stream until "[DONE]" (REQUIREd).
std::vector<Json> read_stream(SseReader& reader) {
  std::vector<Json> chunks;
  auto frames = reader.read_until([](const SseFrame& frame) { return frame.data == "[DONE]"; });
  for (const auto& frame : frames) {
    if (frame.data != "[DONE]") chunks.push_back(Json::parse(frame.data));
  }
  return chunks;
}

std::unique_ptr<SseReader> post_chat(const ServerProcess& server, const std::string& session, const Json& body) {
  auto reader = std::make_unique<SseReader>(server.url(), Method::post, session_url(session) + "/chat", body.dump(),
                                            octobot::http::Headers{{"Content-Type", "application/json"}},
                                            std::chrono::seconds(120));
  INFO((reader->status() == 200 ? std::string() : reader->read_body()));
  REQUIRE(reader->status() == 200);
  CHECK(reader->header("x-vercel-ai-ui-message-stream") == "v1");
  return reader;
}

std::vector<Json> chat(const ServerProcess& server, const std::string& session, const std::string& text) {
  auto reader = post_chat(server, session, user_message(text));
  return read_stream(*reader);
}

std::vector<Json> of_type(const std::vector<Json>& chunks, const std::string& type) {
  std::vector<Json> found;
  for (const auto& chunk : chunks) {
    if (chunk.value("type", "") == type) found.push_back(chunk);
  }
  return found;
}

std::string text_of(const std::vector<Json>& chunks) {
  std::string text;
  for (const auto& chunk : of_type(chunks, "text-delta")) text += chunk["delta"].get<std::string>();
  return text;
}

// Every text the provider was sent in a request's messages (to see what the model was told).
std::string conversation_of(const Json& request) { return request["body"]["messages"].dump(); }

const Json kToolTurn = {{"turns",
                         {{{"text", "I'll create the file."},
                           {"tool_use", {{"name", "Bash"}, {"input", {{"command", "echo hello > hello.txt && cat hello.txt"},
                                                                      {"description", "write hello.txt"}}}}}},
                          {{"text", "I wrote hello.txt"}}}}};

Json messages_of(const ServerProcess& server, const std::string& session) {
  auto messages = server.call(Method::get, session_url(session) + "/messages");
  REQUIRE(messages["status"] == 200);
  return messages["body"]["items"];
}

}  // namespace

TEST_CASE("Claude Code in its sandbox: a tool-using turn streams, persists, survives restarts, and the key stays out",
          "[chat][claude]") {
  ChatWorld world(kToolTurn);
  const std::string session = world.new_session();

  const auto chunks = chat(*world.server, session, "Create hello.txt\nand show it");
  INFO(Json(chunks).dump());
  REQUIRE_FALSE(chunks.empty());
  CHECK(chunks.front()["type"] == "start");
  CHECK(text_of(chunks).find("I'll create the file.") != std::string::npos);
  CHECK(text_of(chunks).find("I wrote hello.txt") != std::string::npos);
  const auto inputs = of_type(chunks, "tool-input-available");
  REQUIRE_FALSE(inputs.empty());
  CHECK(inputs.back()["toolName"] == "Bash");
  CHECK(inputs.back()["input"]["command"] == "echo hello > hello.txt && cat hello.txt");
  const auto outputs = of_type(chunks, "tool-output-available");
  REQUIRE(outputs.size() == 1);
  CHECK(outputs[0]["output"]["raw"] == "hello");
  const auto finish = of_type(chunks, "finish");
  REQUIRE(finish.size() == 1);
  CHECK(finish[0]["finishReason"] == "stop");
  CHECK(finish[0]["messageMetadata"]["usage"]["inputTokens"].get<int>() > 0);
  CHECK(finish[0]["messageMetadata"]["usage"]["outputTokens"].get<int>() > 0);
  CHECK(finish[0]["messageMetadata"]["costUsd"].get<double>() > 0);
  // The agent really ran the command in the workspace.
  CHECK(exec_in("octobot-session-" + session, "octobot", {"cat", "/data/workspace/hello.txt"}).out == "hello");

  // The session: named by its first message, back to ready, usage added up.
  Json after = wait_for(*world.server, session, "ready");
  CHECK(after["name"] == "Create hello.txt");
  CHECK(after["usage"]["inputTokens"].get<int>() > 0);
  CHECK(after["usage"]["costUsd"].get<double>() > 0);

  // The provider got the real key (swapped in by the proxy); the container never had it.
  const auto requests = world.provider.requests();
  REQUIRE(requests.size() == 2);
  for (const auto& request : requests) CHECK(request["headers"]["x-api-key"] == kAnthropicKey);
  const Json container = inspect("octobot-session-" + session);
  CHECK(container.dump().find(kAnthropicKey) == std::string::npos);
  CHECK(exec_in("octobot-session-" + session, "root",
                {"sh", "-c", "grep -rqs '" + std::string(kAnthropicKey) + "' /data /etc /tmp /root /proc/*/environ"})
            .exit_code != 0);

  // Both messages are the server's, also after a restart (kill -9).
  world.server->kill_hard();
  world.start_server();
  Json messages = messages_of(*world.server, session);
  REQUIRE(messages.size() == 2);
  CHECK(messages[0]["role"] == "user");
  CHECK(messages[0]["parts"][0]["text"] == "Create hello.txt\nand show it");
  CHECK(messages[1]["role"] == "assistant");
  CHECK(messages[1]["status"] == "complete");
  CHECK(messages[1]["metadata"]["costUsd"].get<double>() > 0);
  bool has_tool = false;
  for (const auto& part : messages[1]["parts"]) has_tool |= part["type"] == "dynamic-tool" && part["state"] == "output-available";
  CHECK(has_tool);

  // A second turn continues the same agent conversation: the provider sees the first turn.
  wait_for(*world.server, session, "ready");
  world.provider.set_script({{"turns", {{{"text", "It says hello."}}}}});
  auto second = chat(*world.server, session, "What is in hello.txt?");
  CHECK(text_of(second) == "It says hello.");
  auto later = world.provider.requests();
  REQUIRE(later.size() == 3);
  CHECK(conversation_of(later.back()).find("Create hello.txt") != std::string::npos);

  // Also after the container is killed in between: the agent resumes its conversation.
  REQUIRE(docker({"kill", "octobot-session-" + session}).exit_code == 0);
  wait_for(*world.server, session, "stopped");
  world.provider.set_script({{"turns", {{{"text", "Still here."}}}}});
  auto third = chat(*world.server, session, "Are you still there?");
  CHECK(text_of(third) == "Still here.");
  later = world.provider.requests();
  REQUIRE(later.size() == 4);
  CHECK(conversation_of(later.back()).find("What is in hello.txt?") != std::string::npos);
  CHECK(messages_of(*world.server, session).size() == 6);
}
