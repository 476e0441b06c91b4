// What a client sends to POST …/sessions/{id}/chat, read into the user's
// message and the agent's prompt.
//
// Contract of read_chat_input(body):
// - Two forms: what `useChat` sends by default, {"id", "messages": [...],
//   "trigger", ...} (only the last message is used, and it must be the
//   user's: the history is the server's), and the short form
//   {"message": {"role": "user", "parts": [...]}}.
// - Parts: {"type": "text", "text"} and {"type": "file", "mediaType",
//   "url": "data:<type>;base64,<data>", "filename"?} for images. Text parts
//   become ACP text blocks, images ACP image blocks. Other part types are
//   refused, as is a message with no text at all.
// - title: the message's first non-empty line, trimmed to 60 characters.
// - Errors are invalid-argument errors naming the field.
#pragma once
#include "server/service/context.hpp"

namespace octobot::service {

struct ChatInput {
  Json parts = Json::array();   // the user message's parts, as stored
  Json prompt = Json::array();  // ACP content blocks
  std::string title;
};

Result<ChatInput> read_chat_input(const Json& body);

}  // namespace octobot::service
