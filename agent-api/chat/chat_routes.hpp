// The agent API's chat routes (DESIGN §6), over a ChatService.
//
// - POST /chat {"messageId", "prompt": [ACP content blocks] | "text",
//   "agent": {"type", "model", "systemPrompt", "env", "mcpServers",
//   "approvalPolicy": "auto"|"ask", "approvalTimeoutSeconds"},
//   "acpSessionId"} → 202 {"turn": n}; 409 while a turn runs; 400 for a
//   malformed body or an unknown agent type.
// - GET /chat/stream?turn=T&offset=N → the turn's chunks from index N as SSE:
//   each event's id is the offset after it, data the chunk JSON; the stream
//   ends with "data: [DONE]" once the turn has ended. Without turn: the
//   current or last one. 204 before any turn; 404 "turn_gone" when turn T was
//   replaced. A keep-alive comment every 15 s of silence.
// - GET /chat → the service's status (running, turn, chunks, acpSessionId).
// - POST /chat/cancel → 200 {"cancelled": true|false}.
// - POST /chat/approvals/{id} {"approved": bool, "always": bool} → 200; 404
//   for an id that is not pending.
#pragma once
#include "agent-api/chat/chat_service.hpp"
#include "lib/http/router.hpp"

namespace octobot::agent_api {

void add_chat_routes(http::Router& router, ChatService& chat, const http::RouteOptions& options);

}  // namespace octobot::agent_api
