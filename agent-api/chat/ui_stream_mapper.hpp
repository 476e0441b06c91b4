// UiStreamMapper: one turn of ACP traffic → Vercel AI SDK UI message stream
// chunks (DESIGN §6; proto/ui_message.hpp builds a message from them).
//
// Contract (each call returns the chunks to send, in order):
// - begin(message_id): "start" (with the message id) and "start-step".
// - session_update(update), the `update` object of a session/update:
//   agent_message_chunk → text-start (once per run of text) + text-delta;
//   agent_thought_chunk → reasoning-start + reasoning-delta; a change between
//   text, reasoning and tools ends the open text/reasoning part first.
//   tool_call → tool-input-available {toolCallId, toolName, input, title,
//   dynamic: true} and, when it arrives already finished, its output.
//   tool_call_update → tool-input-available again when the input changed, and
//   on status completed tool-output-available {output: {text, diffs, raw}},
//   on failed tool-output-error. plan → data-plan {id "plan", data {entries}}.
//   usage_update → message-metadata {"context": {used, size}, "costUsd"}; the
//   agent reports the ACP session's cumulative cost, the turn's is the part
//   since `session_cost_before` (given to the constructor).
//   Other kinds (commands, modes, user chunks) map to nothing.
// - approval_request(approval_id, request) for a session/request_permission
//   the client must answer: the tool's input if it was not seen yet, then
//   tool-approval-request {approvalId, toolCallId}. approval_rejected():
//   tool-output-denied.
// - finish(prompt_result): ends open parts, "finish-step", and "finish" with
//   finishReason (end_turn → stop, max_tokens → length, refusal →
//   content-filter, cancelled → other, else other) and messageMetadata
//   {stopReason, usage {inputTokens, outputTokens, cachedInputTokens,
//   cacheWriteTokens, reasoningTokens, totalTokens} when the agent reports it,
//   costUsd when known}.
// - fail(text): ends open parts, "error" {errorText}, then "finish" with
//   finishReason "error".
// - metadata(object): message-metadata (e.g. the ACP session id).
// - Pure: no I/O.
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace octobot::agent_api {

using Json = nlohmann::json;
using Chunks = std::vector<Json>;

class UiStreamMapper {
 public:
  explicit UiStreamMapper(double session_cost_before = 0) : session_cost_(session_cost_before), cost_before_(session_cost_before) {}
  // The ACP session's cumulative cost as last reported.
  double session_cost() const { return session_cost_; }

  Chunks begin(const std::string& message_id);
  Chunks session_update(const Json& update);
  Chunks approval_request(const std::string& approval_id, const Json& request);
  Chunks approval_rejected(const std::string& tool_call_id);
  Chunks finish(const Json& prompt_result);
  Chunks fail(const std::string& text);
  Chunks metadata(const Json& object);

 private:
  enum class Open { none, text, reasoning };
  void close_open(Chunks& out);
  void append_text(Chunks& out, Open kind, const std::string& delta);
  void tool_call(Chunks& out, const Json& update, bool is_update);
  void tool_input(Chunks& out, const std::string& id, const Json& update);
  Json finish_metadata(const Json& prompt_result) const;

  Open open_ = Open::none;
  std::string open_id_;
  int next_part_ = 0;
  std::set<std::string> tools_with_input_;
  std::set<std::string> tools_finished_;
  Json tool_names_ = Json::object();   // toolCallId → name
  Json tool_inputs_ = Json::object();  // toolCallId → the latest rawInput
  double session_cost_ = 0;
  double cost_before_ = 0;
  bool cost_reported_ = false;
};

}  // namespace octobot::agent_api
