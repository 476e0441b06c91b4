#include "proto/ui_message.hpp"

namespace octobot::proto {

using Json = nlohmann::json;

namespace {

std::string string_field(const Json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

}  // namespace

UiMessageBuilder::UiMessageBuilder(Json parts, Json metadata)
    : parts_(parts.is_array() ? std::move(parts) : Json::array()),
      metadata_(metadata.is_object() ? std::move(metadata) : Json::object()) {}

Json* UiMessageBuilder::find_part(std::string_view type, std::string_view key, std::string_view id) {
  for (auto it = parts_.rbegin(); it != parts_.rend(); ++it) {
    if (string_field(*it, "type") == type && string_field(*it, std::string(key).c_str()) == id) return &*it;
  }
  return nullptr;
}

void UiMessageBuilder::apply(const Json& chunk) {
  if (!chunk.is_object()) return;
  const std::string type = string_field(chunk, "type");
  if (type == "text-start" || type == "text-delta" || type == "text-end") {
    apply_text(chunk, "text", type.substr(5));
  } else if (starts_with(type, "reasoning-")) {
    apply_text(chunk, "reasoning", type.substr(10));
  } else if (starts_with(type, "tool-")) {
    apply_tool(chunk, type);
  } else if (starts_with(type, "data-")) {
    apply_data(chunk);
  } else if (type == "start" || type == "message-metadata") {
    merge_metadata(chunk);
  } else if (type == "finish") {
    merge_metadata(chunk);
    finished_ = true;
    finish_reason_ = string_field(chunk, "finishReason");
  } else if (type == "start-step") {
    parts_.push_back({{"type", "step-start"}});
  } else if (type == "error") {
    error_text_ = string_field(chunk, "errorText");
  } else if (type == "abort") {
    aborted_ = true;
  }
}

void UiMessageBuilder::apply_text(const Json& chunk, std::string_view part_type, std::string_view phase) {
  const std::string id = string_field(chunk, "id");
  if (phase == "start") {
    parts_.push_back({{"type", part_type}, {"id", id}, {"text", ""}, {"state", "streaming"}});
    return;
  }
  Json* part = find_part(part_type, "id", id);
  if (part == nullptr) return;
  if (phase == "delta") {
    if (!(*part)["text"].is_string()) (*part)["text"] = "";
    (*part)["text"].get_ref<std::string&>() += string_field(chunk, "delta");
  } else if (phase == "end") {
    (*part)["state"] = "done";
  }
}

Json& UiMessageBuilder::tool_part(const Json& chunk) {
  const std::string id = string_field(chunk, "toolCallId");
  if (Json* part = find_part("dynamic-tool", "toolCallId", id)) return *part;
  parts_.push_back({{"type", "dynamic-tool"}, {"toolCallId", id}, {"toolName", string_field(chunk, "toolName")},
                    {"state", "input-streaming"}, {"input", nullptr}});
  return parts_.back();
}

void UiMessageBuilder::apply_tool(const Json& chunk, std::string_view type) {
  const bool opens = type == "tool-input-start" || type == "tool-input-available";
  if (!opens && find_part("dynamic-tool", "toolCallId", string_field(chunk, "toolCallId")) == nullptr) return;
  Json& part = tool_part(chunk);
  if (chunk.contains("title")) part["title"] = chunk["title"];
  if (type == "tool-input-start") {
    part["state"] = "input-streaming";
  } else if (type == "tool-input-delta") {
    part["inputText"] = string_field(part, "inputText") + string_field(chunk, "inputTextDelta");
  } else if (type == "tool-input-available") {
    part["state"] = "input-available";
    part["input"] = chunk.value("input", Json());
    part.erase("inputText");
    if (chunk.contains("toolName")) part["toolName"] = chunk["toolName"];
  } else if (type == "tool-approval-request") {
    part["state"] = "approval-requested";
    part["approval"] = {{"id", string_field(chunk, "approvalId")}};
  } else if (type == "tool-output-available") {
    part["state"] = "output-available";
    part["output"] = chunk.value("output", Json());
    if (part.contains("approval")) part["approval"]["approved"] = true;
  } else if (type == "tool-output-error") {
    part["state"] = "output-error";
    part["errorText"] = string_field(chunk, "errorText");
  } else if (type == "tool-output-denied") {
    part["state"] = "output-denied";
    if (part.contains("approval")) part["approval"]["approved"] = false;
  }
}

void UiMessageBuilder::apply_data(const Json& chunk) {
  const std::string type = string_field(chunk, "type");
  const std::string id = string_field(chunk, "id");
  if (!id.empty()) {
    if (Json* part = find_part(type, "id", id)) {
      (*part)["data"] = chunk.value("data", Json());
      return;
    }
  }
  Json part = {{"type", type}, {"data", chunk.value("data", Json())}};
  if (!id.empty()) part["id"] = id;
  parts_.push_back(std::move(part));
}

void UiMessageBuilder::merge_metadata(const Json& chunk) {
  auto it = chunk.find("messageMetadata");
  if (it != chunk.end() && it->is_object()) metadata_.merge_patch(*it);
}

}  // namespace octobot::proto
