// The assistant message as the Vercel AI SDK UI message stream builds it
// (`x-vercel-ai-ui-message-stream: v1`, the protocol of `ai` 5+ and
// `useChat`): UiMessageBuilder applies the stream's chunks to a message's
// parts the way the SDK's client does, so the server can persist what the
// browser shows.
//
// Contract of UiMessageBuilder::apply(chunk):
// - text-start/delta/end and reasoning-start/delta/end make one "text" or
//   "reasoning" part per id, with state "streaming" until its end chunk
//   ("done").
// - tool-input-start/delta/available, tool-approval-request,
//   tool-output-available/error/denied make one "dynamic-tool" part per
//   toolCallId, with the SDK's states (input-streaming, input-available,
//   approval-requested, approval-responded, output-available, output-error,
//   output-denied), its input, output or errorText, and title.
// - data-<name> chunks add a part {"type": "data-<name>", "id", "data"}; a
//   second chunk with the same type and id replaces that part's data.
// - start, message-metadata and finish merge their messageMetadata into
//   metadata(); finish also sets finished() and finish_reason().
// - error sets error_text() (the turn failed); abort sets aborted().
// - start-step/finish-step add a "step-start" part (on start-step), as the SDK does.
// - Chunks of unknown types, or that refer to parts never started, are
//   ignored: a stream from a newer agent API never breaks the history.
// - Pure: no I/O, no clock.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace octobot::proto {

class UiMessageBuilder {
 public:
  UiMessageBuilder() = default;
  // Continues a message persisted earlier (its parts and metadata).
  UiMessageBuilder(nlohmann::json parts, nlohmann::json metadata);

  void apply(const nlohmann::json& chunk);

  const nlohmann::json& parts() const { return parts_; }
  const nlohmann::json& metadata() const { return metadata_; }
  bool finished() const { return finished_; }
  bool aborted() const { return aborted_; }
  const std::string& finish_reason() const { return finish_reason_; }
  const std::string& error_text() const { return error_text_; }

 private:
  nlohmann::json* find_part(std::string_view type, std::string_view key, std::string_view id);
  nlohmann::json& tool_part(const nlohmann::json& chunk);
  void apply_text(const nlohmann::json& chunk, std::string_view part_type, std::string_view phase);
  void apply_tool(const nlohmann::json& chunk, std::string_view type);
  void apply_data(const nlohmann::json& chunk);
  void merge_metadata(const nlohmann::json& chunk);

  nlohmann::json parts_ = nlohmann::json::array();
  nlohmann::json metadata_ = nlohmann::json::object();
  bool finished_ = false;
  bool aborted_ = false;
  std::string finish_reason_;
  std::string error_text_;
};

}  // namespace octobot::proto
