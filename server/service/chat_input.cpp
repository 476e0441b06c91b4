#include "server/service/chat_input.hpp"

namespace octobot::service {

namespace {

constexpr std::size_t kTitleLength = 60;

Error invalid(std::string message) { return Error::invalid(std::move(message), "invalid_field"); }

std::string first_line(const std::string& text) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    const auto first = line.find_first_not_of(" \t\r");
    if (first != std::string::npos) {
      line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
      if (line.size() > kTitleLength) {
        std::size_t cut = kTitleLength;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
        line = line.substr(0, cut);
      }
      return line;
    }
    start = end + 1;
  }
  return "";
}

Result<Json> image_block(const Json& part, const std::string& where) {
  const std::string media = part.value("mediaType", std::string());
  const std::string url = part.value("url", std::string());
  const std::string prefix = "data:" + media + ";base64,";
  if (media.rfind("image/", 0) != 0) return invalid(where + ".mediaType must be an image type (image/png, ...)");
  if (url.rfind(prefix, 0) != 0) return invalid(where + ".url must be a data: URL of the image (" + prefix + "...)");
  return Json{{"type", "image"}, {"mimeType", media}, {"data", url.substr(prefix.size())}};
}

Result<ChatInput> read_message(const Json& message, const std::string& where) {
  if (!message.is_object()) return invalid(where + " must be an object");
  if (message.value("role", std::string()) != "user") return invalid(where + ".role must be \"user\"");
  auto parts = message.find("parts");
  if (parts == message.end() || !parts->is_array()) return invalid(where + ".parts must be an array");
  ChatInput input;
  std::string text;
  for (std::size_t i = 0; i < parts->size(); ++i) {
    const Json& part = (*parts)[i];
    const std::string at = where + ".parts[" + std::to_string(i) + "]";
    const std::string type = part.is_object() ? part.value("type", std::string()) : "";
    if (type == "text") {
      if (!part["text"].is_string()) return invalid(at + ".text must be a string");
      const std::string piece = part["text"];
      text += piece;
      input.parts.push_back({{"type", "text"}, {"text", piece}});
      input.prompt.push_back({{"type", "text"}, {"text", piece}});
    } else if (type == "file") {
      auto block = image_block(part, at);
      if (!block) return block.error();
      input.parts.push_back(part);
      input.prompt.push_back(std::move(*block));
    } else {
      return invalid(at + ".type must be \"text\" or \"file\"");
    }
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return invalid(where + " has no text: write what the agent should do");
  input.title = first_line(text);
  return input;
}

}  // namespace

Result<ChatInput> read_chat_input(const Json& body) {
  if (body.contains("message")) return read_message(body["message"], "message");
  auto messages = body.find("messages");
  if (messages == body.end()) return invalid("the body needs \"message\" (one user message) or \"messages\" (useChat's)");
  if (!messages->is_array() || messages->empty()) return invalid("field \"messages\" must be a non-empty array");
  return read_message(messages->back(), "messages[" + std::to_string(messages->size() - 1) + "]");
}

}  // namespace octobot::service
