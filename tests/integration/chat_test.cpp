// Chat with the real agents in the real sandbox (issue 13): the real `octobot`
// server, Docker, the octobot/agent image and claude-agent-acp / codex-acp,
// against fake model providers (tests/fixtures/fake_*.py) that speak the real
// wire protocols over HTTPS with a test CA and record every request. The
// containers reach the fakes at host.docker.internal through their proxies,
// exactly as they would reach the real providers.
#include "lib/proc/run.hpp"
#include "tests/integration/fake_provider_process.hpp"
#include "tests/integration/raw_connection.hpp"
#include "tests/integration/sandbox_fixture.hpp"
#include "tests/integration/sse_reader.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <sys/wait.h>

namespace {

using namespace octobot::testing;
using octobot::http::Method;

constexpr const char* kAnthropicKey = "sk-ant-chat-real-key-0123456789abcdef";

// Which agent a world runs, against which fake provider.
struct AgentSetup {
  std::string fake = "fake_anthropic.py";
  std::string credential_provider = "anthropic";
  std::string key = kAnthropicKey;
  bool credential_base_url = false;  // the credential names the fake's URL (its host becomes the credential's)
  // The agent's body for POST …/agents, given the fake's base URL.
  std::function<Json(const std::string& base_url)> agent = [](const std::string& base_url) {
    return Json{{"type", "claude-code"}, {"name", "claude"}, {"env", {{"ANTHROPIC_BASE_URL", base_url}}}};
  };
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
            std::vector<std::string> extra_args = {}, const AgentSetup& setup = {})
      : provider(scratch.data().parent_path() / "provider", setup.fake, script) {
    args = {"--upstream-ca-files", provider.ca_file()};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    start_server();
    REQUIRE(server->call(Method::patch, "/api/projects/local",
                         {{"networkPolicy", {{"allowCidrs", {"172.16.0.0/12"}}}}})["status"] == 200);
    Json credential = {{"provider", setup.credential_provider}, {"name", "fake"}, {"apiKey", setup.key}};
    if (setup.credential_base_url) {
      credential["baseUrl"] = provider.base_url();
    } else {
      credential["hosts"] = {"host.docker.internal"};
    }
    auto created_credential = server->call(Method::post, "/api/projects/local/credentials", credential);
    INFO(created_credential.dump());
    REQUIRE(created_credential["status"] == 201);
    if (setup.credential_base_url) CHECK(created_credential["body"]["hosts"] == Json::array({"host.docker.internal"}));
    Json agent_body = setup.agent(provider.base_url());
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
  AgentSetup claude;  // the base URL comes from the credential here, not from the agent's env
  claude.credential_base_url = true;
  claude.agent = [](const std::string&) { return Json{{"type", "claude-code"}, {"name", "claude"}}; };
  ChatWorld world(kToolTurn, {{"model", "opus"}, {"systemPrompt", "Answer like a pirate."}}, {}, claude);
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
  // The turn left a snapshot of the workspace (recorded just after the turn): hello.txt added.
  Json turns;
  for (int i = 0; i < 100; ++i) {
    turns = world.server->call(Method::get, session_url(session) + "/turns");
    if (turns["status"] == 200 && turns["body"]["turns"].size() == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  INFO(turns.dump());
  REQUIRE(turns["body"]["turns"].size() == 1);
  CHECK(turns["body"]["turns"][0]["files"] == 1);
  CHECK(turns["body"]["turns"][0]["added"] == 1);

  // The session: named by its first message, back to ready, usage added up.
  Json after = wait_for(*world.server, session, "ready");
  CHECK(after["name"] == "Create hello.txt");
  CHECK(after["usage"]["inputTokens"].get<int>() > 0);
  CHECK(after["usage"]["costUsd"].get<double>() > 0);
  // ... and so is the project's, and /metrics counts the tokens by project and agent type.
  auto project = world.server->call(Method::get, "/api/projects/local");
  CHECK(project["body"]["usage"]["inputTokens"] == after["usage"]["inputTokens"]);
  CHECK(project["body"]["usage"]["costUsd"] == after["usage"]["costUsd"]);
  auto metrics = octobot::http::fetch(world.server->url(), Method::get, "/metrics");
  REQUIRE(metrics.ok());
  CHECK(metrics->body().find("octobot_chat_tokens_total{project=\"local\",agent_type=\"claude-code\",kind=\"input\"} " +
                             std::to_string(after["usage"]["inputTokens"].get<int>())) != std::string::npos);
  CHECK(metrics->body().find("octobot_chat_turns_total{project=\"local\",agent_type=\"claude-code\"} 1") != std::string::npos);

  // The provider got the real key (swapped in by the proxy); the container never had it.
  const auto requests = world.provider.requests();
  REQUIRE(requests.size() == 2);
  for (const auto& request : requests) CHECK(request["headers"]["x-api-key"] == kAnthropicKey);
  // The agent's configuration reached the model: its model and its system prompt (appended).
  CHECK(requests[0]["body"]["model"].get<std::string>().find("opus") != std::string::npos);
  CHECK(requests[0]["body"]["system"].dump().find("Answer like a pirate.") != std::string::npos);
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

namespace {

// Reads chunks until one of type `type` (REQUIREd), returning all read so far.
std::vector<Json> read_until_type(SseReader& reader, const std::string& type) {
  std::vector<Json> chunks;
  auto frames = reader.read_until([&](const SseFrame& frame) {
    return frame.data != "[DONE]" && Json::parse(frame.data).value("type", "") == type;
  });
  for (const auto& frame : frames) chunks.push_back(Json::parse(frame.data));
  return chunks;
}

Json answer(const ServerProcess& server, const std::string& session, const std::string& approval, const Json& body) {
  return server.call(Method::post, session_url(session) + "/chat/approvals/" + approval, body);
}

// Whether the project's event log has an event of `type` (read from its start; the stream is
// read until one arrives, so a missing event fails after the reader's safety timeout).
bool has_event(const ServerProcess& server, const std::string& type) {
  SseReader events(server.url(), "/api/projects/local/events?lastEventId=0");
  return !events.read_until([&](const SseFrame& frame) { return frame.event == type; }).empty();
}

}  // namespace

TEST_CASE("approvals with policy ask: the stream waits, allow runs the tool, reject and no answer refuse it",
          "[chat][claude][approvals]") {
  ChatWorld world(kToolTurn, {{"approvalPolicy", "ask"}}, {"--approval-timeout", "4"});
  const std::string session = world.new_session("approvals");

  // Allowed: the tool runs only after the answer.
  auto reader = post_chat(*world.server, session, user_message("Create hello.txt"));
  auto before = read_until_type(*reader, "tool-approval-request");
  CHECK(of_type(before, "tool-output-available").empty());
  const std::string approval = before.back()["approvalId"];
  CHECK(before.back()["toolCallId"] == of_type(before, "tool-input-available").back()["toolCallId"]);
  CHECK(wait_for(*world.server, session, "running")["status"] == "running");
  CHECK(exec_in("octobot-session-" + session, "octobot", {"test", "-e", "/data/workspace/hello.txt"}).exit_code != 0);
  CHECK(answer(*world.server, session, "approval-nope", {{"approved", true}})["status"] == 404);
  CHECK(answer(*world.server, session, approval, {{"approved", "yes"}})["status"] == 400);
  CHECK(answer(*world.server, session, approval, {{"approved", true}})["status"] == 200);
  auto rest = read_stream(*reader);
  CHECK(of_type(rest, "tool-output-available").size() == 1);
  CHECK(exec_in("octobot-session-" + session, "octobot", {"cat", "/data/workspace/hello.txt"}).out == "hello");
  CHECK(has_event(*world.server, "chat.approval_requested"));
  CHECK(has_event(*world.server, "chat.finished"));
  wait_for(*world.server, session, "ready");
  CHECK(answer(*world.server, session, approval, {{"approved", true}})["status"] == 422);  // no turn runs

  // Rejected: the agent is told, the stream says the tool was denied, the turn still finishes.
  world.provider.set_script({{"turns", {{{"tool_use", {{"name", "Bash"}, {"input", {{"command", "rm -f hello.txt"}}}}}},
                                        {{"text", "Understood, I left it."}}}}});
  reader = post_chat(*world.server, session, user_message("Remove hello.txt"));
  before = read_until_type(*reader, "tool-approval-request");
  CHECK(answer(*world.server, session, before.back()["approvalId"], {{"approved", false}})["status"] == 200);
  rest = read_stream(*reader);
  CHECK(of_type(rest, "tool-output-denied").size() == 1);
  CHECK(of_type(rest, "tool-output-available").empty());
  CHECK(of_type(rest, "finish").size() == 1);
  CHECK(exec_in("octobot-session-" + session, "octobot", {"cat", "/data/workspace/hello.txt"}).out == "hello");
  const auto requests = world.provider.requests();
  CHECK(conversation_of(requests.back()).find("refused") != std::string::npos);
  wait_for(*world.server, session, "ready");

  // No answer: rejected when the approval timeout (4 s here) passes.
  world.provider.set_script({{"turns", {{{"tool_use", {{"name", "Bash"}, {"input", {{"command", "rm -f hello.txt"}}}}}},
                                        {{"text", "No answer, so I left it."}}}}});
  reader = post_chat(*world.server, session, user_message("Remove hello.txt now"));
  before = read_until_type(*reader, "tool-approval-request");
  const auto asked = std::chrono::steady_clock::now();
  rest = read_stream(*reader);
  CHECK(std::chrono::steady_clock::now() - asked >= std::chrono::seconds(3));
  CHECK(of_type(rest, "tool-output-denied").size() == 1);
  CHECK(text_of(rest).find("No answer to the approval request in time") != std::string::npos);
  CHECK(exec_in("octobot-session-" + session, "octobot", {"cat", "/data/workspace/hello.txt"}).out == "hello");
}

TEST_CASE("a turn can be cancelled, followed from a second client, and completes across kill -9 of the server",
          "[chat][claude][restart]") {
  const Json slow = {{"turns", {{{"text", std::string(60, 'x')}, {"chunks", 60}, {"delay_ms", 100}}}}};
  ChatWorld world(slow);
  const std::string session = world.new_session("slow");

  // Cancel mid-stream: the turn ends (stopReason cancelled) and the next turn answers in step.
  auto reader = post_chat(*world.server, session, user_message("Write sixty x"));
  (void)read_until_type(*reader, "text-delta");
  // A second client re-attaches and gets the turn from its start.
  SseReader second(world.server->url(), session_url(session) + "/chat/stream");
  REQUIRE(second.status() == 200);
  auto cancel = world.server->call(Method::post, session_url(session) + "/chat/cancel", Json::object());
  CHECK(cancel["status"] == 202);
  auto rest = read_stream(*reader);
  auto finish = of_type(rest, "finish");
  REQUIRE(finish.size() == 1);
  CHECK(finish[0]["messageMetadata"]["stopReason"] == "cancelled");
  CHECK(text_of(rest).size() < 60);
  auto followed = read_stream(second);
  CHECK(followed.front()["type"] == "start");
  CHECK(of_type(followed, "finish").size() == 1);
  wait_for(*world.server, session, "ready");
  CHECK(world.server->call(Method::post, session_url(session) + "/chat/cancel", Json::object())["status"] == 422);
  auto idle = world.server->call(Method::get, session_url(session) + "/chat/stream");
  CHECK(idle["status"] == 204);

  world.provider.set_script({{"turns", {{{"text", "in step"}}}}});
  CHECK(text_of(chat(*world.server, session, "Say in step")) == "in step");

  // kill -9 of the server mid-turn: after the restart the message completes.
  world.provider.set_script({{"turns", {{{"text", std::string(40, 'y')}, {"chunks", 40}, {"delay_ms", 100}}}}});
  reader = post_chat(*world.server, session, user_message("Write forty y"));
  (void)read_until_type(*reader, "text-delta");
  world.server->kill_hard();
  reader.reset();
  world.start_server();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  Json last;
  for (;;) {
    Json messages = messages_of(*world.server, session);
    last = messages.back();
    if (last["status"] != "streaming") break;
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  INFO(last.dump());
  CHECK(last["status"] == "complete");
  std::string text;
  for (const auto& part : last["parts"]) {
    if (part["type"] == "text") text += part["text"].get<std::string>();
  }
  CHECK(text == std::string(40, 'y'));
  wait_for(*world.server, session, "ready");

  // A client that leaves mid-turn changes nothing: the message completes.
  world.provider.set_script({{"turns", {{{"text", std::string(20, 'w')}, {"chunks", 20}, {"delay_ms", 100}}}}});
  reader = post_chat(*world.server, session, user_message("Write twenty w"));
  (void)read_until_type(*reader, "text-delta");
  reader.reset();
  wait_for(*world.server, session, "ready", std::chrono::seconds(60));
  last = messages_of(*world.server, session).back();
  CHECK(last["status"] == "complete");
  CHECK(last["parts"].dump().find(std::string(20, 'w')) != std::string::npos);

  // The container dies mid-turn: the partial reply is kept, marked interrupted; the session is usable again.
  world.provider.set_script({{"turns", {{{"text", std::string(60, 'v')}, {"chunks", 60}, {"delay_ms", 100}}}}});
  reader = post_chat(*world.server, session, user_message("Write sixty v"));
  (void)read_until_type(*reader, "text-delta");
  REQUIRE(docker({"kill", "octobot-session-" + session}).exit_code == 0);
  rest = read_stream(*reader);
  CHECK(of_type(rest, "error").size() == 1);
  last = messages_of(*world.server, session).back();
  CHECK(last["status"] == "interrupted");
  CHECK(last["parts"].dump().find("v") != std::string::npos);
  wait_for(*world.server, session, "stopped");
  world.provider.set_script({{"turns", {{{"text", "back"}}}}});
  CHECK(text_of(chat(*world.server, session, "Are you back?")) == "back");
}

TEST_CASE("chat refuses bad input with clear errors and loses nothing", "[chat][claude][errors]") {
  const Json slow = {{"turns", {{{"text", std::string(30, 'z')}, {"chunks", 30}, {"delay_ms", 100}}}}};
  ChatWorld world(slow);
  const std::string session = world.new_session("errors");
  const std::string chat_url = session_url(session) + "/chat";

  CHECK(world.server->call(Method::post, "/api/projects/local/sessions/00000000-0000-4000-8000-000000000000/chat",
                           user_message("hi"))["status"] == 404);
  auto other = world.server->call(Method::post, "/api/projects", {{"name", "other"}});
  REQUIRE(other["status"] == 201);
  const std::string other_project = other["body"]["id"];
  CHECK(world.server->call(Method::post, "/api/projects/" + other_project + "/sessions/" + session + "/chat",
                           user_message("hi"))["status"] == 404);
  auto empty = world.server->call(Method::post, chat_url, user_message("  \n"));
  CHECK(empty["status"] == 400);
  CHECK(empty["body"]["error"]["message"].get<std::string>().find("no text") != std::string::npos);
  CHECK(world.server->call(Method::post, chat_url, {{"messages", "not an array"}})["status"] == 400);
  CHECK(world.server->call(Method::post, chat_url, {{"messages", {{{"role", "assistant"}, {"parts", Json::array()}}}}})["status"] == 400);
  CHECK(world.server->call(Method::post, chat_url, {{"messages", {{{"role", "user"}, {"parts", {{{"type", "video"}}}}}}}})["status"] == 400);
  {  // 20 MiB declared: refused on the header, before the body is read.
    const std::string port = world.server->url().substr(world.server->url().rfind(':') + 1);
    RawConnection connection(static_cast<std::uint16_t>(std::stoi(port)));
    REQUIRE(connection.send("POST " + chat_url + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            "Content-Length: " + std::to_string(20 * 1024 * 1024) + "\r\n\r\n{\"message\":"));
    auto response = connection.read_response();
    REQUIRE(response);
    CHECK(response->status == 413);
  }
  CHECK(messages_of(*world.server, session).empty());

  // useChat's own body: only the last message counts.
  const Json use_chat = {{"id", session}, {"trigger", "submit-message"},
                         {"messages", {{{"id", "u0"}, {"role", "user"}, {"parts", {{{"type", "text"}, {"text", "older"}}}}},
                                       {{"id", "u1"}, {"role", "user"}, {"parts", {{{"type", "text"}, {"text", "Write z"}}}}}}}};
  auto reader = post_chat(*world.server, session, use_chat);
  (void)read_until_type(*reader, "text-delta");
  auto busy = world.server->call(Method::post, chat_url, user_message("again"));
  CHECK(busy["status"] == 409);
  (void)read_stream(*reader);
  Json messages = messages_of(*world.server, session);
  REQUIRE(messages.size() == 2);
  CHECK(messages[0]["parts"][0]["text"] == "Write z");
  // A deleted session: 404, and its turn's rows are gone with it.
  REQUIRE(world.server->call(Method::delete_, session_url(session))["status"] == 202);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (world.server->call(Method::get, session_url(session))["status"] != 404) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(world.server->call(Method::post, chat_url, user_message("hi"))["status"] == 404);
}

namespace {

// One turn with a shell tool call against `setup`'s fake provider: the command ran in the
// workspace, the stream carried the call and its end, and the provider got the real key.
void one_tool_turn(const AgentSetup& setup, const Json& script, const std::string& file, const std::string& key_header) {
  ChatWorld world(script, Json::object(), {}, setup);
  const std::string session = world.new_session(file);
  const auto chunks = chat(*world.server, session, "Write " + file);
  INFO(Json(chunks).dump());
  CHECK_FALSE(of_type(chunks, "tool-input-available").empty());
  CHECK(of_type(chunks, "tool-output-available").size() == 1);
  CHECK(text_of(chunks).find("Done") != std::string::npos);
  const auto finish = of_type(chunks, "finish");
  REQUIRE(finish.size() == 1);
  CHECK(finish[0]["finishReason"] == "stop");
  CHECK(exec_in("octobot-session-" + session, "octobot", {"cat", "/data/workspace/" + file}).out == file);
  const auto requests = world.provider.requests();
  REQUIRE(requests.size() >= 2);
  for (const auto& request : requests) {
    CHECK(request["headers"][key_header].get<std::string>().find(setup.key) != std::string::npos);
  }
  CHECK(inspect("octobot-session-" + session).dump().find(setup.key) == std::string::npos);
  Json messages = messages_of(*world.server, session);
  REQUIRE(messages.size() == 2);
  CHECK(messages[1]["status"] == "complete");
}

Json shell_script(const std::string& tool, const Json& arguments) {
  return {{"turns", {{{"text", "Running it."}, {"tool_call", {{"name", tool}, {"arguments", arguments}}}},
                     {{"text", "Done."}}}}};
}

}  // namespace

TEST_CASE("Codex through codex-acp: one turn with a tool call", "[chat][codex]") {
  AgentSetup codex;
  codex.fake = "fake_openai.py";
  codex.credential_provider = "openai";
  codex.key = "sk-openai-chat-real-key-0123456789";
  codex.agent = [](const std::string& base_url) {
    return Json{{"type", "codex"}, {"name", "codex"}, {"model", "gpt-5.4"}, {"env", {{"OPENAI_BASE_URL", base_url + "/v1"}}}};
  };
  one_tool_turn(codex, shell_script("exec_command", {{"cmd", "printf codex.txt > codex.txt"}}), "codex.txt",
                "authorization");
}

TEST_CASE("Gemini CLI over ACP: one turn with a tool call", "[chat][gemini]") {
  AgentSetup gemini;
  gemini.fake = "fake_gemini.py";
  gemini.credential_provider = "google";
  gemini.key = "AIza-gemini-chat-real-key-0123456789";
  gemini.agent = [](const std::string& base_url) {
    return Json{{"type", "gemini"}, {"name", "gemini"}, {"model", "gemini-2.5-flash"},
                {"env", {{"GOOGLE_GEMINI_BASE_URL", base_url}}}};
  };
  one_tool_turn(gemini, shell_script("run_shell_command", {{"command", "printf gemini.txt > gemini.txt"}}), "gemini.txt",
                "x-goog-api-key");
}

TEST_CASE("OpenCode over ACP: one turn with a tool call", "[chat][opencode]") {
  AgentSetup opencode;
  opencode.fake = "fake_openai.py";
  opencode.credential_provider = "openai";
  opencode.key = "sk-openai-opencode-real-key-0123456789";
  opencode.agent = [](const std::string& base_url) {
    const Json config = {
        {"model", "octobot/gpt-5.4"}, {"small_model", "octobot/gpt-5.4"}, {"autoupdate", false}, {"share", "disabled"},
        {"provider",
         {{"octobot",
           {{"npm", "@ai-sdk/openai"},
            {"name", "Octobot"},
            {"options", {{"baseURL", base_url + "/v1"}, {"apiKey", "{env:OPENAI_API_KEY}"}}},
            {"models", {{"gpt-5.4", {{"name", "gpt-5.4"}, {"tool_call", true}, {"reasoning", true},
                                     {"limit", {{"context", 272000}, {"output", 32000}}}}}}}}}}}};
    return Json{{"type", "opencode"}, {"name", "opencode"}, {"env", {{"OPENCODE_CONFIG_CONTENT", config.dump()}}}};
  };
  one_tool_turn(opencode,
                shell_script("bash", {{"command", "printf opencode.txt > opencode.txt"}, {"description", "write the file"}}),
                "opencode.txt", "authorization");
}

namespace {

// One scripted turn whose agent runs `command` with Bash, then says `done`.
Json bash_turn(const std::string& command, const std::string& done) {
  return {{"turns", {{{"tool_use", {{"name", "Bash"}, {"input", {{"command", command}, {"description", "edit"}}}}}},
                     {{"text", done}}}}};
}

// Waits until the session has `count` turn snapshots.
void wait_for_snapshots(const ServerProcess& server, const std::string& session, std::size_t count) {
  Json turns;
  for (int i = 0; i < 100; ++i) {
    turns = server.call(Method::get, session_url(session) + "/turns");
    if (turns["status"] == 200 && turns["body"]["turns"].size() == count) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  INFO(turns.dump());
  FAIL("the session did not get " << count << " snapshots");
}

}  // namespace

TEST_CASE("fork at a turn: the new session has that turn's files and messages; the original is unchanged",
          "[chat][claude][fork]") {
  ChatWorld world(bash_turn("echo one > story.txt && git add story.txt && git -c user.name=a -c user.email=a@b "
                            "commit -qm 'turn one' && echo draft > draft.txt",
                            "Turn one done."));
  const std::string session = world.new_session();
  CHECK(text_of(chat(*world.server, session, "First")) == "Turn one done.");
  world.provider.set_script(bash_turn("echo two >> story.txt && rm draft.txt", "Turn two done."));
  CHECK(text_of(chat(*world.server, session, "Second")) == "Turn two done.");
  world.provider.set_script(bash_turn("echo three >> story.txt", "Turn three done."));
  CHECK(text_of(chat(*world.server, session, "Third")) == "Turn three done.");
  wait_for_snapshots(*world.server, session, 3);
  wait_for(*world.server, session, "ready");

  const std::string fork_url = session_url(session) + "/fork";
  CHECK(world.server->call(Method::post, fork_url, {{"turn", 0}})["status"] == 400);
  CHECK(world.server->call(Method::post, fork_url, {{"turn", "1"}})["status"] == 400);
  CHECK(world.server->call(Method::post, fork_url, Json::object())["status"] == 400);
  CHECK(world.server->call(Method::post, fork_url, {{"turn", 9}})["status"] == 404);
  CHECK(world.server->call(Method::post, session_url("00000000-0000-4000-8000-000000000000") + "/fork",
                           {{"turn", 1}})["status"] == 404);

  auto forked = world.server->call(Method::post, fork_url, {{"turn", 1}});
  INFO(forked.dump());
  REQUIRE(forked["status"] == 201);
  CHECK(forked["body"]["conversation"] == "transcript");
  CHECK(forked["body"]["forkedFrom"]["turn"] == 1);
  const std::string fork = forked["body"]["session"]["id"];
  CHECK(forked["body"]["session"]["status"] == "ready");

  // Its files are turn 1's: the commit made then, and the file that was pending then.
  const std::string fork_container = "octobot-session-" + fork;
  CHECK(exec_in(fork_container, "octobot", {"cat", "/data/workspace/story.txt"}).out == "one");
  CHECK(exec_in(fork_container, "octobot", {"cat", "/data/workspace/draft.txt"}).out == "draft");
  CHECK(exec_in(fork_container, "octobot", {"git", "-C", "/data/workspace", "log", "-1", "--format=%s"}).out == "turn one");
  auto diff = world.server->call(Method::get, session_url(fork) + "/diff?stat=1");
  REQUIRE(diff["status"] == 200);
  CHECK(diff["body"]["files"].size() == 2);  // story.txt and draft.txt against the same base

  // Its history is turn 1's messages; the original keeps all six and its files.
  Json fork_messages = messages_of(*world.server, fork);
  REQUIRE(fork_messages.size() == 2);
  CHECK(fork_messages[0]["parts"][0]["text"] == "First");
  CHECK(fork_messages[1]["role"] == "assistant");
  CHECK(messages_of(*world.server, session).size() == 6);
  CHECK(exec_in("octobot-session-" + session, "octobot", {"cat", "/data/workspace/story.txt"}).out == "one\ntwo\nthree");

  // The fork's first turn tells the agent the earlier conversation.
  world.provider.set_script({{"turns", {{{"text", "Continuing from turn one."}}}}});
  CHECK(text_of(chat(*world.server, fork, "Go on")) == "Continuing from turn one.");
  const auto requests = world.provider.requests();
  const std::string system = requests.back()["body"]["system"].dump();
  CHECK(system.find("forked from another session") != std::string::npos);
  CHECK(system.find("Turn one done.") != std::string::npos);
  CHECK(system.find("Turn two done.") == std::string::npos);
}
