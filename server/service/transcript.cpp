#include "server/service/transcript.hpp"

#include <nlohmann/json.hpp>

#include <deque>

namespace octobot::service {

namespace {

constexpr std::size_t kMaxTranscriptBytes = 100 * 1024;

// The text of a message's parts: text parts as they are, tool calls as "[tool: name]".
std::string text_of(const store::Message& message) {
  const auto parts = nlohmann::json::parse(message.parts_json, nullptr, false);
  if (!parts.is_array()) return {};
  std::string text;
  for (const auto& part : parts) {
    if (!part.is_object()) continue;
    const std::string type = part.value("type", std::string());
    if (type == "text" && part.contains("text") && part["text"].is_string()) {
      text += part["text"].get<std::string>();
    } else if (type.starts_with("tool-") || type == "dynamic-tool") {
      const std::string name = part.contains("toolName") && part["toolName"].is_string()
                                   ? part["toolName"].get<std::string>()
                                   : type.substr(5);
      text += "\n[tool: " + name + "]\n";
    }
  }
  return text;
}

}  // namespace

std::string conversation_transcript(const std::vector<store::Message>& messages) {
  std::deque<std::string> paragraphs;
  std::size_t size = 0;
  for (const auto& message : messages) {
    if (message.role != "user" && message.role != "assistant") continue;
    const std::string text = text_of(message);
    if (text.empty()) continue;
    paragraphs.push_back((message.role == "user" ? "User: " : "Assistant: ") + text);
    size += paragraphs.back().size() + 2;
  }
  if (paragraphs.empty()) return {};
  bool shortened = false;
  while (size > kMaxTranscriptBytes && paragraphs.size() > 1) {
    size -= paragraphs.front().size() + 2;
    paragraphs.pop_front();
    shortened = true;
  }
  std::string transcript =
      "This session continues an earlier conversation (it was forked from another session, and the workspace is as "
      "that conversation left it). The earlier conversation";
  transcript += shortened ? ", its oldest messages left out, was:\n\n" : " was:\n\n";
  for (const auto& paragraph : paragraphs) transcript += paragraph + "\n\n";
  transcript += "(End of the earlier conversation.)";
  return transcript;
}

}  // namespace octobot::service
