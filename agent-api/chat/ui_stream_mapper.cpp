#include "agent-api/chat/ui_stream_mapper.hpp"

#include <algorithm>

namespace octobot::agent_api {

namespace {

std::string string_field(const Json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The name a person knows the tool by: the agent's own (claude-agent-acp puts it in _meta), else
// the ACP kind ("execute", "edit", "read", ...).
std::string tool_name_of(const Json& update) {
  if (auto meta = update.find("_meta"); meta != update.end() && meta->is_object()) {
    for (const auto& [vendor, fields] : meta->items()) {
      if (fields.is_object() && fields.contains("toolName") && fields["toolName"].is_string()) {
        return fields["toolName"];
      }
    }
  }
  std::string kind = string_field(update, "kind");
  return kind.empty() ? "tool" : kind;
}

// {text, diffs, raw} from a tool call's content list and rawOutput.
Json tool_output_of(const Json& update) {
  std::string text;
  Json diffs = Json::array();
  if (auto content = update.find("content"); content != update.end() && content->is_array()) {
    for (const auto& item : *content) {
      const std::string type = string_field(item, "type");
      if (type == "content" && item.contains("content")) {
        const std::string piece = string_field(item["content"], "text");
        if (!piece.empty()) text += (text.empty() ? "" : "\n") + piece;
      } else if (type == "diff") {
        const auto old_text = item.find("oldText");
        diffs.push_back({{"path", string_field(item, "path")},
                         {"oldText", old_text != item.end() && old_text->is_string() ? *old_text : Json()},
                         {"newText", string_field(item, "newText")}});
      }
    }
  }
  Json output = {{"text", text}};
  if (!diffs.empty()) output["diffs"] = diffs;
  if (update.contains("rawOutput")) output["raw"] = update["rawOutput"];
  return output;
}

std::string finish_reason_of(const std::string& stop_reason) {
  if (stop_reason == "end_turn") return "stop";
  if (stop_reason == "max_tokens") return "length";
  if (stop_reason == "refusal") return "content-filter";
  return "other";
}

Json usage_of(const Json& usage) {
  static const std::pair<const char*, const char*> kFields[] = {
      {"inputTokens", "inputTokens"},          {"outputTokens", "outputTokens"},
      {"cachedReadTokens", "cachedInputTokens"}, {"cachedWriteTokens", "cacheWriteTokens"},
      {"thoughtTokens", "reasoningTokens"},      {"totalTokens", "totalTokens"}};
  Json out = Json::object();
  for (const auto& [from, to] : kFields) {
    if (usage.contains(from) && usage[from].is_number()) out[to] = usage[from];
  }
  return out;
}

}  // namespace

Chunks UiStreamMapper::begin(const std::string& message_id) {
  return {{{"type", "start"}, {"messageId", message_id}}, {{"type", "start-step"}}};
}

void UiStreamMapper::close_open(Chunks& out) {
  if (open_ == Open::text) out.push_back({{"type", "text-end"}, {"id", open_id_}});
  if (open_ == Open::reasoning) out.push_back({{"type", "reasoning-end"}, {"id", open_id_}});
  open_ = Open::none;
}

void UiStreamMapper::append_text(Chunks& out, Open kind, const std::string& delta) {
  if (delta.empty()) return;
  const char* prefix = kind == Open::text ? "text" : "reasoning";
  if (open_ != kind) {
    close_open(out);
    open_ = kind;
    open_id_ = std::string(kind == Open::text ? "t" : "r") + std::to_string(next_part_++);
    out.push_back({{"type", std::string(prefix) + "-start"}, {"id", open_id_}});
  }
  out.push_back({{"type", std::string(prefix) + "-delta"}, {"id", open_id_}, {"delta", delta}});
}

Chunks UiStreamMapper::session_update(const Json& update) {
  Chunks out;
  if (!update.is_object()) return out;
  const std::string kind = string_field(update, "sessionUpdate");
  if (kind == "agent_message_chunk" || kind == "agent_thought_chunk") {
    const Json content = update.value("content", Json::object());
    if (string_field(content, "type") == "text") {
      append_text(out, kind == "agent_message_chunk" ? Open::text : Open::reasoning, string_field(content, "text"));
    }
  } else if (kind == "tool_call" || kind == "tool_call_update") {
    close_open(out);
    tool_call(out, update, kind == "tool_call_update");
  } else if (kind == "plan") {
    close_open(out);
    out.push_back({{"type", "data-plan"}, {"id", "plan"}, {"data", {{"entries", update.value("entries", Json::array())}}}});
  } else if (kind == "usage_update") {
    Json metadata = {{"context", {{"used", update.value("used", Json())}, {"size", update.value("size", Json())}}}};
    const auto cost = update.find("cost");
    const Json amount = cost != update.end() && cost->is_object() ? cost->value("amount", Json()) : Json();
    if (amount.is_number() && string_field(*cost, "currency") == "USD") {
      session_cost_ = amount.get<double>();
      cost_reported_ = true;
      metadata["costUsd"] = std::max(0.0, session_cost_ - cost_before_);
    }
    out.push_back({{"type", "message-metadata"}, {"messageMetadata", metadata}});
  }
  return out;
}

void UiStreamMapper::tool_input(Chunks& out, const std::string& id, const Json& update) {
  const std::string name = tool_name_of(update);
  if (name != "tool" || !tool_names_.contains(id)) tool_names_[id] = name;  // an update may not repeat the name
  if (update.contains("rawInput")) tool_inputs_[id] = update["rawInput"];
  if (!tool_inputs_.contains(id)) tool_inputs_[id] = Json::object();
  Json chunk = {{"type", "tool-input-available"},
                {"toolCallId", id},
                {"toolName", tool_names_[id]},
                {"input", tool_inputs_[id]},
                {"dynamic", true}};
  if (!string_field(update, "title").empty()) chunk["title"] = string_field(update, "title");
  out.push_back(std::move(chunk));
  tools_with_input_.insert(id);
}

void UiStreamMapper::tool_call(Chunks& out, const Json& update, bool is_update) {
  const std::string id = string_field(update, "toolCallId");
  if (id.empty() || tools_finished_.count(id)) return;
  const bool input_changed = update.contains("rawInput") || update.contains("title");
  if (!is_update || input_changed || !tools_with_input_.count(id)) tool_input(out, id, update);
  const std::string status = string_field(update, "status");
  if (status == "completed") {
    out.push_back({{"type", "tool-output-available"}, {"toolCallId", id}, {"output", tool_output_of(update)},
                   {"dynamic", true}});
    tools_finished_.insert(id);
  } else if (status == "failed") {
    Json output = tool_output_of(update);
    std::string text = output["text"];
    out.push_back({{"type", "tool-output-error"}, {"toolCallId", id},
                   {"errorText", text.empty() ? std::string("the tool failed") : text}, {"dynamic", true}});
    tools_finished_.insert(id);
  }
}

Chunks UiStreamMapper::approval_request(const std::string& approval_id, const Json& request) {
  Chunks out;
  close_open(out);
  const Json tool = request.is_object() ? request.value("toolCall", Json::object()) : Json::object();
  const std::string id = string_field(tool, "toolCallId");
  if (!tools_with_input_.count(id)) tool_input(out, id, tool);
  out.push_back({{"type", "tool-approval-request"}, {"approvalId", approval_id}, {"toolCallId", id}});
  return out;
}

Chunks UiStreamMapper::approval_rejected(const std::string& tool_call_id) {
  tools_finished_.insert(tool_call_id);
  return {{{"type", "tool-output-denied"}, {"toolCallId", tool_call_id}}};
}

Json UiStreamMapper::finish_metadata(const Json& prompt_result) const {
  const std::string stop_reason = string_field(prompt_result, "stopReason");
  Json metadata = {{"stopReason", stop_reason.empty() ? std::string("end_turn") : stop_reason}};
  if (auto usage = prompt_result.find("usage"); usage != prompt_result.end() && usage->is_object()) {
    metadata["usage"] = usage_of(*usage);
  }
  if (cost_reported_) metadata["costUsd"] = std::max(0.0, session_cost_ - cost_before_);
  return metadata;
}

Chunks UiStreamMapper::finish(const Json& prompt_result) {
  Chunks out;
  close_open(out);
  const std::string stop_reason = string_field(prompt_result, "stopReason");
  out.push_back({{"type", "finish-step"}});
  out.push_back({{"type", "finish"},
                 {"finishReason", finish_reason_of(stop_reason)},
                 {"messageMetadata", finish_metadata(prompt_result)}});
  return out;
}

Chunks UiStreamMapper::fail(const std::string& text) {
  Chunks out;
  close_open(out);
  out.push_back({{"type", "error"}, {"errorText", text}});
  out.push_back({{"type", "finish"}, {"finishReason", "error"}});
  return out;
}

Chunks UiStreamMapper::metadata(const Json& object) {
  return {{{"type", "message-metadata"}, {"messageMetadata", object}}};
}

}  // namespace octobot::agent_api
