// Plain records the store persists. Ids are UUID strings (the single-user
// project is "local"); times are Unix milliseconds; fields holding JSON are
// stored as serialized JSON text. Services fill every field, including ids and
// times, before calling the store.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace octobot::store {

struct User {
  std::string id;
  std::string name;
  std::string email;
  std::string provider;  // "anonymous", "github", "google", "oidc"
  std::string subject;   // the provider's user id
  std::int64_t created_at = 0;
};

// Tokens and cost of chat turns, as the agents reported them.
struct Usage {
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t cached_tokens = 0;
  std::int64_t cost_micros = 0;  // US dollars × 1,000,000
};

struct Project {
  std::string id;
  std::string name;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::string network_policy_json;  // {"allowHosts": [...], "allowCidrs": [...]}; "" → the default policy
  Usage usage;                      // of every turn in the project, deleted sessions' included
};

struct Member {
  std::string project_id;
  std::string user_id;
  std::string role;  // "owner", "admin", "member"
  std::int64_t created_at = 0;
};

struct Workspace {
  std::string id;
  std::string project_id;
  std::string display_name;
  std::string path;         // local directory or git URL
  std::string source_type;  // "local" or "git"
  std::string status;       // "initializing", "cloning", "ready", "error"
  std::string error_message;
  std::string mirror_path;  // git workspaces: the mirror clone in the data dir
  std::string commit_sha;   // git workspaces: HEAD of the mirror after cloning
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct Session {
  std::string id;
  std::string project_id;
  std::string workspace_id;
  std::string agent_id;  // may be empty when the project has no agent
  std::string name;
  std::string status;    // see DESIGN.md §3 lifecycle
  std::string error_message;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  // The sandbox (server/runtime). The tokens are secrets: never rendered, logged or put in events.
  std::string container_id;
  std::int64_t api_port = 0;    // host port (127.0.0.1) of the agent API; 0 when not running
  std::int64_t proxy_port = 0;  // host port (127.0.0.1) of the proxy's control API
  std::string api_token;
  std::string proxy_token;
  std::int64_t last_active_at = 0;  // the idle timer stops a ready session this long after it
  // Chat (update_session_chat): the agent's conversation id, the turn being relayed, usage totals.
  std::string acp_session_id;
  std::int64_t chat_turn = 0;        // the agent API's turn number; 0: none relayed yet
  std::int64_t chat_offset = 0;      // chunks of that turn persisted
  std::string chat_message_id;       // the assistant message they go into; "" when no turn runs
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t cached_tokens = 0;
  std::int64_t cost_micros = 0;      // US dollars × 1,000,000
};

struct Agent {
  std::string id;
  std::string project_id;
  std::string type;  // "claude-code", "codex"
  std::string name;
  std::string system_prompt;
  std::string model;
  std::string env_json = "{}";          // {"NAME": "value"}
  std::string mcp_servers_json = "[]";  // [{"name","type","command","args","env","url","headers"}]
  bool is_default = false;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::string network_policy_json = "{}";  // what the agent adds to its project's egress policy
  std::string approval_policy = "auto";    // "auto": the agent's permission requests are allowed; "ask": the user answers
};

struct Credential {
  std::string id;
  std::string project_id;
  std::string provider;  // "anthropic", "openai", ...
  std::string name;
  std::string secret_ciphertext;  // AES-256-GCM, base64 of nonce|ciphertext|tag
  std::string hosts_json = "[]";  // hosts the proxy may send the key to
  std::string last4;
  std::int64_t created_at = 0;
  std::string base_url;  // where agents send requests with this key; "" → the provider's own API
};

struct Message {
  std::string id;
  std::string project_id;
  std::string session_id;
  std::string role;  // "user", "assistant", "system"
  std::string parts_json = "[]";
  std::int64_t created_at = 0;
  std::string status = "complete";  // "streaming", "complete", "interrupted"
  std::string metadata_json = "{}";  // usage, cost, finish reason, ...
};

// An entry of the project's event log. id is assigned by the store, strictly
// increasing across the whole log.
struct Event {
  std::int64_t id = 0;
  std::string project_id;
  std::string type;       // "session.updated", ...
  std::string data_json;  // the resource after the change (or {"id":..} on delete)
  std::int64_t created_at = 0;
};

// What a mutation appends to the event log in the same transaction.
struct EventDraft {
  std::string project_id;
  std::string type;
  std::string data_json;
  std::int64_t created_at = 0;
};

// Keyset page request: newest first; cursor is the opaque value of a previous
// page's next_cursor.
struct PageRequest {
  std::size_t limit = 50;
  std::string cursor;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;  // empty on the last page
};

}  // namespace octobot::store
