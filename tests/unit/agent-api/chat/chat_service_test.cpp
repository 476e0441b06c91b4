// agent-api/chat/chat_service.cpp against a scripted ACP agent (chat/stub/claude-agent-acp, put on
// PATH under the adapter's name): turns, a busy second turn, an agent that crashes, an agent that
// ignores session/cancel (killed after the grace period), and approvals answered, rejected and
// timed out. The real adapters are exercised in tests/integration/chat_test.cpp.
#include "agent-api/chat/chat_service.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

namespace octobot::agent_api {
namespace {

class Harness {
 public:
  explicit Harness(const std::string& mode, std::chrono::milliseconds cancel_grace = std::chrono::milliseconds(300))
      : chat_(io_.get_executor(), options(mode, cancel_grace)) {}
  ~Harness() {
    chat_.shutdown();
    io_.run_for(std::chrono::milliseconds(200));
  }

  ChatService& chat() { return chat_; }

  TurnRequest request(const std::string& policy = "auto", int approval_timeout_s = 30) {
    TurnRequest request;
    request.message_id = "m" + std::to_string(++messages_);
    request.prompt = Json::array({{{"type", "text"}, {"text", "hi"}}});
    request.agent.type = "claude-code";
    request.agent.approval_policy = policy;
    request.agent.approval_timeout = std::chrono::seconds(approval_timeout_s);
    return request;
  }

  // Runs the loop until `done` holds (REQUIRE within `timeout`).
  void run_until(const std::function<bool()>& done, std::chrono::seconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      io_.run_for(std::chrono::milliseconds(10));
    }
  }

  std::vector<Json> chunks() const {
    std::vector<Json> out;
    for (std::size_t i = 0; i < chat_.log().size(); ++i) out.push_back(Json::parse(chat_.log().at(i)));
    return out;
  }
  std::vector<Json> of_type(const std::string& type) const {
    std::vector<Json> out;
    for (const auto& chunk : chunks()) {
      if (chunk["type"] == type) out.push_back(chunk);
    }
    return out;
  }
  std::string text() const {
    std::string text;
    for (const auto& chunk : of_type("text-delta")) text += chunk["delta"].get<std::string>();
    return text;
  }

 private:
  ChatOptions options(const std::string& mode, std::chrono::milliseconds cancel_grace) {
    ChatOptions options;
    options.workspace = workspace_.path().string();
    options.base_environment = {"PATH=" + std::string(OCTOBOT_SOURCE_DIR) + "/tests/unit/agent-api/chat/stub:/usr/bin:/bin",
                                "HOME=" + workspace_.path().string(), "STUB_MODE=" + mode};
    options.cancel_grace = cancel_grace;
    return options;
  }

  octobot::testing::TempDir workspace_{"chat-service"};
  boost::asio::io_context io_;
  ChatService chat_;
  int messages_ = 0;
};

TEST_CASE("a turn streams the agent's reply; one turn at a time; the agent is kept", "[agent-api][chat]") {
  Harness harness("reply");
  auto turn = harness.chat().start_turn(harness.request());
  REQUIRE(turn);
  CHECK(*turn == 1);
  auto busy = harness.chat().start_turn(harness.request());
  REQUIRE_FALSE(busy);
  CHECK(busy.error().kind == ChatError::busy);
  harness.run_until([&] { return !harness.chat().running(); });
  CHECK(harness.text() == "hello");
  CHECK(harness.chunks().front()["type"] == "start");
  CHECK(harness.of_type("message-metadata").front()["messageMetadata"]["acpSessionId"] == "stub-session");
  REQUIRE(harness.of_type("finish").size() == 1);
  CHECK(harness.of_type("finish")[0]["finishReason"] == "stop");
  CHECK(harness.chat().log().ended());

  REQUIRE(harness.chat().start_turn(harness.request()));
  harness.run_until([&] { return !harness.chat().running(); });
  CHECK(harness.chat().log().turn() == 2);
  CHECK(harness.text() == "hello");  // the log holds the new turn only
  CHECK(harness.chat().status()["agentRunning"] == true);
}

TEST_CASE("an agent that crashes ends the turn with its exit and its last stderr lines", "[agent-api][chat]") {
  Harness harness("crash");
  REQUIRE(harness.chat().start_turn(harness.request()));
  harness.run_until([&] { return !harness.chat().running(); });
  auto errors = harness.of_type("error");
  REQUIRE(errors.size() == 1);
  const std::string text = errors[0]["errorText"];
  CHECK(text.find("exited with status 3") != std::string::npos);
  CHECK(text.find("stub: boom") != std::string::npos);
  CHECK(harness.of_type("finish")[0]["finishReason"] == "error");
}

TEST_CASE("an agent that ignores session/cancel is killed after the grace period", "[agent-api][chat]") {
  Harness harness("ignore-cancel", std::chrono::milliseconds(300));
  CHECK_FALSE(harness.chat().cancel());  // no turn
  REQUIRE(harness.chat().start_turn(harness.request()));
  harness.run_until([&] { return harness.text() == "working"; });
  const auto cancelled_at = std::chrono::steady_clock::now();
  CHECK(harness.chat().cancel());
  harness.run_until([&] { return !harness.chat().running(); }, std::chrono::seconds(5));
  CHECK(std::chrono::steady_clock::now() - cancelled_at >= std::chrono::milliseconds(300));
  REQUIRE(harness.of_type("finish").size() == 1);
  CHECK(harness.of_type("finish")[0]["messageMetadata"]["stopReason"] == "cancelled");
  CHECK(harness.chat().status()["agentRunning"] == false);
}

TEST_CASE("approvals: the policy answers, or the user, or the timeout", "[agent-api][chat]") {
  SECTION("auto allows at once") {
    Harness harness("ask");
    REQUIRE(harness.chat().start_turn(harness.request("auto")));
    harness.run_until([&] { return !harness.chat().running(); });
    CHECK(harness.text() == "allowed");
    CHECK(harness.of_type("tool-approval-request").empty());
  }
  SECTION("ask: allowed by the user") {
    Harness harness("ask");
    REQUIRE(harness.chat().start_turn(harness.request("ask")));
    harness.run_until([&] { return !harness.of_type("tool-approval-request").empty(); });
    const Json request = harness.of_type("tool-approval-request")[0];
    CHECK(request["toolCallId"] == "call-1");
    CHECK(harness.chat().answer("approval-99", true, false).error().kind == ChatError::not_found);
    REQUIRE(harness.chat().answer(request["approvalId"], true, false));
    harness.run_until([&] { return !harness.chat().running(); });
    CHECK(harness.text() == "allowed");
  }
  SECTION("ask: rejected by the user") {
    Harness harness("ask");
    REQUIRE(harness.chat().start_turn(harness.request("ask")));
    harness.run_until([&] { return !harness.of_type("tool-approval-request").empty(); });
    REQUIRE(harness.chat().answer(harness.of_type("tool-approval-request")[0]["approvalId"], false, false));
    harness.run_until([&] { return !harness.chat().running(); });
    CHECK(harness.text() == "rejected");
    CHECK(harness.of_type("tool-output-denied").size() == 1);
  }
  SECTION("ask: no answer in time is a rejection") {
    Harness harness("ask");
    REQUIRE(harness.chat().start_turn(harness.request("ask", 1)));
    harness.run_until([&] { return !harness.chat().running(); }, std::chrono::seconds(10));
    CHECK(harness.text().find("rejected") != std::string::npos);
    CHECK(harness.text().find("No answer to the approval request in time") != std::string::npos);
  }
}

}  // namespace
}  // namespace octobot::agent_api
