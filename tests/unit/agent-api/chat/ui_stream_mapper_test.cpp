// agent-api/chat/ui_stream_mapper.cpp, fed the session/update shapes claude-agent-acp 0.23 and
// codex-acp 0.16 send (recorded against the real adapters).
#include "agent-api/chat/ui_stream_mapper.hpp"

#include <catch2/catch.hpp>

namespace octobot::agent_api {
namespace {

std::vector<std::string> types_of(const Chunks& chunks) {
  std::vector<std::string> types;
  for (const auto& chunk : chunks) types.push_back(chunk["type"]);
  return types;
}

Json text_chunk(const std::string& kind, const std::string& text) {
  return {{"sessionUpdate", kind}, {"content", {{"type", "text"}, {"text", text}}}};
}

Json bash_call(const std::string& status, const Json& extra = Json::object()) {
  Json update = {{"_meta", {{"claudeCode", {{"toolName", "Bash"}}}}}, {"toolCallId", "toolu_1"}};
  if (!status.empty()) update["status"] = status;
  update.update(extra);
  return update;
}

TEST_CASE("a turn begins with start and start-step", "[agent-api][mapper]") {
  UiStreamMapper mapper;
  auto chunks = mapper.begin("m1");
  CHECK(types_of(chunks) == std::vector<std::string>{"start", "start-step"});
  CHECK(chunks[0]["messageId"] == "m1");
}

TEST_CASE("message and thought chunks become text and reasoning parts, one per run", "[agent-api][mapper]") {
  UiStreamMapper mapper;
  CHECK(mapper.session_update(text_chunk("agent_thought_chunk", "")).empty());  // each block opens with ""
  auto first = mapper.session_update(text_chunk("agent_thought_chunk", "think"));
  CHECK(types_of(first) == std::vector<std::string>{"reasoning-start", "reasoning-delta"});
  CHECK(types_of(mapper.session_update(text_chunk("agent_thought_chunk", "ing"))) == std::vector<std::string>{"reasoning-delta"});
  auto switched = mapper.session_update(text_chunk("agent_message_chunk", "Hello"));
  CHECK(types_of(switched) == std::vector<std::string>{"reasoning-end", "text-start", "text-delta"});
  CHECK(switched[0]["id"] == first[0]["id"]);
  CHECK(switched[1]["id"] != first[0]["id"]);
  CHECK(switched[2]["delta"] == "Hello");
  auto finish = mapper.finish({{"stopReason", "end_turn"}});
  CHECK(types_of(finish) == std::vector<std::string>{"text-end", "finish-step", "finish"});
  CHECK(finish[0]["id"] == switched[1]["id"]);
}

TEST_CASE("a tool call: its input as it becomes known, then its output; late updates change nothing",
          "[agent-api][mapper]") {
  UiStreamMapper mapper;
  (void)mapper.session_update(text_chunk("agent_message_chunk", "I'll run it."));
  auto pending = mapper.session_update(bash_call("pending", {{"sessionUpdate", "tool_call"}, {"rawInput", Json::object()},
                                                             {"title", "Terminal"}, {"kind", "execute"}}));
  CHECK(types_of(pending) == std::vector<std::string>{"text-end", "tool-input-available"});
  CHECK(pending[1]["toolName"] == "Bash");
  CHECK(pending[1]["dynamic"] == true);
  auto input = mapper.session_update(bash_call("", {{"sessionUpdate", "tool_call_update"},
                                                    {"rawInput", {{"command", "echo hello"}}}, {"title", "echo hello"}}));
  REQUIRE(input.size() == 1);
  CHECK(input[0]["input"]["command"] == "echo hello");
  CHECK(input[0]["title"] == "echo hello");
  // The adapter's own bookkeeping update (toolResponse in _meta, no status) maps to nothing.
  CHECK(mapper.session_update(bash_call("", {{"sessionUpdate", "tool_call_update"}})).empty());
  auto done = mapper.session_update(bash_call(
      "completed", {{"sessionUpdate", "tool_call_update"}, {"rawOutput", "hello"},
                    {"content", {{{"type", "content"}, {"content", {{"type", "text"}, {"text", "```console\nhello\n```"}}}}}}}));
  REQUIRE(done.size() == 1);
  CHECK(done[0]["type"] == "tool-output-available");
  CHECK(done[0]["output"]["raw"] == "hello");
  CHECK(done[0]["output"]["text"] == "```console\nhello\n```");
  CHECK(mapper.session_update(bash_call("completed", {{"sessionUpdate", "tool_call_update"}})).empty());
}

TEST_CASE("file edits carry their diffs; failures become tool errors", "[agent-api][mapper]") {
  UiStreamMapper mapper;
  Json edit = {{"sessionUpdate", "tool_call"}, {"toolCallId", "e1"}, {"kind", "edit"}, {"status", "pending"},
               {"title", "Write new.md"}, {"rawInput", {{"file_path", "/w/new.md"}}},
               {"content", {{{"type", "diff"}, {"path", "/w/new.md"}, {"oldText", nullptr}, {"newText", "# New\n"}}}}};
  (void)mapper.session_update(edit);
  edit["sessionUpdate"] = "tool_call_update";
  edit["status"] = "completed";
  auto done = mapper.session_update(edit);
  CHECK(done.back()["output"]["diffs"][0]["path"] == "/w/new.md");
  CHECK(done.back()["output"]["diffs"][0]["newText"] == "# New\n");
  CHECK(done.back()["output"]["diffs"][0]["oldText"].is_null());
  CHECK(done.front()["toolName"] == "edit");  // no vendor name: the ACP kind

  auto failed = mapper.session_update({{"sessionUpdate", "tool_call"}, {"toolCallId", "f1"}, {"status", "failed"},
                                       {"kind", "execute"},
                                       {"content", {{{"type", "content"}, {"content", {{"type", "text"}, {"text", "exit 1"}}}}}}});
  CHECK(types_of(failed) == std::vector<std::string>{"tool-input-available", "tool-output-error"});
  CHECK(failed[1]["errorText"] == "exit 1");
}

TEST_CASE("plans, usage and cost: the turn's cost is what the session's total grew by", "[agent-api][mapper]") {
  UiStreamMapper mapper(0.5);  // the ACP session had cost $0.50 before this turn
  auto plan = mapper.session_update({{"sessionUpdate", "plan"},
                                     {"entries", {{{"content", "Write it"}, {"status", "pending"}, {"priority", "medium"}}}}});
  REQUIRE(plan.size() == 1);
  CHECK(plan[0]["type"] == "data-plan");
  CHECK(plan[0]["data"]["entries"][0]["content"] == "Write it");
  auto usage = mapper.session_update({{"sessionUpdate", "usage_update"}, {"used", 4301}, {"size", 200000},
                                      {"cost", {{"amount", 0.75}, {"currency", "USD"}}}});
  CHECK(usage[0]["messageMetadata"]["context"]["used"] == 4301);
  CHECK(usage[0]["messageMetadata"]["costUsd"] == Approx(0.25));
  CHECK(mapper.session_cost() == Approx(0.75));
  auto finish = mapper.finish({{"stopReason", "max_tokens"},
                               {"usage", {{"inputTokens", 1857}, {"outputTokens", 68}, {"cachedReadTokens", 3000},
                                          {"cachedWriteTokens", 100}, {"totalTokens", 5025}}}});
  const Json& metadata = finish.back()["messageMetadata"];
  CHECK(finish.back()["finishReason"] == "length");
  CHECK(metadata["stopReason"] == "max_tokens");
  CHECK(metadata["usage"] == Json{{"inputTokens", 1857}, {"outputTokens", 68}, {"cachedInputTokens", 3000},
                                  {"cacheWriteTokens", 100}, {"totalTokens", 5025}});
  CHECK(metadata["costUsd"] == Approx(0.25));
  // Codex reports no cost and no usage in its result: neither appears.
  UiStreamMapper codex;
  auto plain = codex.finish({{"stopReason", "end_turn"}});
  CHECK_FALSE(plain.back()["messageMetadata"].contains("costUsd"));
  CHECK_FALSE(plain.back()["messageMetadata"].contains("usage"));
}

TEST_CASE("approval requests: the tool's input first when unseen; a rejection denies it", "[agent-api][mapper]") {
  UiStreamMapper mapper;
  // Gemini CLI asks before any tool_call for that id.
  auto asked = mapper.approval_request("approval-1", {{"toolCall", {{"toolCallId", "run_1"}, {"kind", "execute"},
                                                                     {"title", "ls -a"}}}});
  CHECK(types_of(asked) == std::vector<std::string>{"tool-input-available", "tool-approval-request"});
  CHECK(asked[1]["approvalId"] == "approval-1");
  CHECK(asked[1]["toolCallId"] == "run_1");
  auto denied = mapper.approval_rejected("run_1");
  CHECK(types_of(denied) == std::vector<std::string>{"tool-output-denied"});
  CHECK(mapper.session_update({{"sessionUpdate", "tool_call_update"}, {"toolCallId", "run_1"}, {"status", "failed"}}).empty());
}

TEST_CASE("a failed turn ends with error then finish", "[agent-api][mapper]") {
  UiStreamMapper mapper;
  (void)mapper.session_update(text_chunk("agent_message_chunk", "partial"));
  auto failed = mapper.fail("the agent exited with status 1");
  CHECK(types_of(failed) == std::vector<std::string>{"text-end", "error", "finish"});
  CHECK(failed[1]["errorText"] == "the agent exited with status 1");
  CHECK(failed[2]["finishReason"] == "error");
}

}  // namespace
}  // namespace octobot::agent_api
