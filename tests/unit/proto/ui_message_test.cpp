// proto/ui_message.cpp: the assistant message built from UI message stream chunks.
#include "proto/ui_message.hpp"

#include <catch2/catch.hpp>

namespace octobot::proto {
namespace {

using Json = nlohmann::json;

UiMessageBuilder built(const std::vector<Json>& chunks) {
  UiMessageBuilder builder;
  for (const auto& chunk : chunks) builder.apply(chunk);
  return builder;
}

TEST_CASE("text and reasoning parts grow with their deltas and end done", "[proto][ui-message]") {
  auto builder = built({{{"type", "start"}, {"messageId", "m1"}, {"messageMetadata", {{"agentType", "codex"}}}},
                        {{"type", "start-step"}},
                        {{"type", "reasoning-start"}, {"id", "r0"}},
                        {{"type", "reasoning-delta"}, {"id", "r0"}, {"delta", "hm"}},
                        {{"type", "reasoning-end"}, {"id", "r0"}},
                        {{"type", "text-start"}, {"id", "t1"}},
                        {{"type", "text-delta"}, {"id", "t1"}, {"delta", "Hel"}},
                        {{"type", "text-delta"}, {"id", "t1"}, {"delta", "lo"}}});
  const Json& parts = builder.parts();
  REQUIRE(parts.size() == 3);
  CHECK(parts[0] == Json{{"type", "step-start"}});
  CHECK(parts[1] == Json{{"type", "reasoning"}, {"id", "r0"}, {"text", "hm"}, {"state", "done"}});
  CHECK(parts[2] == Json{{"type", "text"}, {"id", "t1"}, {"text", "Hello"}, {"state", "streaming"}});
  CHECK(builder.metadata() == Json{{"agentType", "codex"}});
  CHECK_FALSE(builder.finished());
}

TEST_CASE("a dynamic tool part goes through the SDK's states", "[proto][ui-message]") {
  UiMessageBuilder builder;
  builder.apply({{"type", "tool-input-available"}, {"toolCallId", "c1"}, {"toolName", "Bash"}, {"input", Json::object()},
                 {"title", "Terminal"}, {"dynamic", true}});
  builder.apply({{"type", "tool-input-available"}, {"toolCallId", "c1"}, {"toolName", "Bash"},
                 {"input", {{"command", "ls"}}}, {"dynamic", true}});
  REQUIRE(builder.parts().size() == 1);
  CHECK(builder.parts()[0]["state"] == "input-available");
  CHECK(builder.parts()[0]["input"]["command"] == "ls");
  CHECK(builder.parts()[0]["title"] == "Terminal");
  builder.apply({{"type", "tool-approval-request"}, {"toolCallId", "c1"}, {"approvalId", "approval-1"}});
  CHECK(builder.parts()[0]["state"] == "approval-requested");
  builder.apply({{"type", "tool-output-available"}, {"toolCallId", "c1"}, {"output", {{"text", "a b"}}}});
  CHECK(builder.parts()[0]["state"] == "output-available");
  CHECK(builder.parts()[0]["output"]["text"] == "a b");
  CHECK(builder.parts()[0]["approval"] == Json{{"id", "approval-1"}, {"approved", true}});

  builder.apply({{"type", "tool-input-available"}, {"toolCallId", "c2"}, {"toolName", "Bash"}, {"input", Json::object()}});
  builder.apply({{"type", "tool-approval-request"}, {"toolCallId", "c2"}, {"approvalId", "approval-2"}});
  builder.apply({{"type", "tool-output-denied"}, {"toolCallId", "c2"}});
  CHECK(builder.parts()[1]["state"] == "output-denied");
  CHECK(builder.parts()[1]["approval"]["approved"] == false);
  builder.apply({{"type", "tool-input-available"}, {"toolCallId", "c3"}, {"toolName", "edit"}, {"input", Json::object()}});
  builder.apply({{"type", "tool-output-error"}, {"toolCallId", "c3"}, {"errorText", "no such file"}});
  CHECK(builder.parts()[2]["state"] == "output-error");
  CHECK(builder.parts()[2]["errorText"] == "no such file");
}

TEST_CASE("data parts with an id are replaced; metadata merges; finish records the reason", "[proto][ui-message]") {
  auto builder = built({{{"type", "data-plan"}, {"id", "plan"}, {"data", {{"entries", {1}}}}},
                        {{"type", "data-plan"}, {"id", "plan"}, {"data", {{"entries", {1, 2}}}}},
                        {{"type", "message-metadata"}, {"messageMetadata", {{"acpSessionId", "s1"}}}},
                        {{"type", "finish"}, {"finishReason", "stop"}, {"messageMetadata", {{"costUsd", 0.25}}}}});
  REQUIRE(builder.parts().size() == 1);
  CHECK(builder.parts()[0]["data"]["entries"] == Json{1, 2});
  CHECK(builder.metadata() == Json{{"acpSessionId", "s1"}, {"costUsd", 0.25}});
  CHECK(builder.finished());
  CHECK(builder.finish_reason() == "stop");
}

TEST_CASE("unknown chunks and chunks for parts never started change nothing", "[proto][ui-message]") {
  auto builder = built({{{"type", "text-delta"}, {"id", "nope"}, {"delta", "x"}},
                        {{"type", "tool-output-available"}, {"toolCallId", "nope"}, {"output", 1}},
                        {{"type", "source-url"}, {"url", "https://example.com"}},
                        "not an object",
                        {{"type", "error"}, {"errorText", "the sandbox stopped"}}});
  CHECK(builder.parts().empty());
  CHECK(builder.error_text() == "the sandbox stopped");
}

TEST_CASE("a persisted message continues where it was", "[proto][ui-message]") {
  UiMessageBuilder builder(Json::array({{{"type", "text"}, {"id", "t0"}, {"text", "Hel"}, {"state", "streaming"}}}),
                           Json{{"agentType", "gemini"}});
  builder.apply({{"type", "text-delta"}, {"id", "t0"}, {"delta", "lo"}});
  CHECK(builder.parts()[0]["text"] == "Hello");
  CHECK(builder.metadata()["agentType"] == "gemini");
}

}  // namespace
}  // namespace octobot::proto
