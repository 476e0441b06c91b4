// The transcript a forked session's agent starts with: the conversation it
// was forked from, as text, for an agent process that never saw it (each
// session's agent runs in its own sandbox, so the source agent's own session
// cannot be handed over).
//
// Contract: conversation_transcript(messages) renders the text parts of
// user and assistant messages, oldest first, as "User:" / "Assistant:"
// paragraphs inside a short preamble; tool calls are summarised by name. At
// most ~100 KB: older messages are dropped first (and it says so). Empty when
// no message has text.
#pragma once
#include "server/store/records.hpp"

#include <string>
#include <vector>

namespace octobot::service {

std::string conversation_transcript(const std::vector<store::Message>& messages);

}  // namespace octobot::service
