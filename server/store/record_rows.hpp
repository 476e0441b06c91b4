// Reading records from result rows. Each *_COLUMNS list names the columns in
// the order the matching *_from_row() reads them; they are macros so they
// concatenate with the rest of a statement into one string literal, e.g.
//   "SELECT " OCTOBOT_USER_COLUMNS " FROM users WHERE id = ?".
#pragma once
#include "server/store/records.hpp"
#include "server/store/sql/value.hpp"

#define OCTOBOT_USER_COLUMNS "id, name, email, provider, subject, created_at"
#define OCTOBOT_PROJECT_COLUMNS \
  "id, name, created_at, updated_at, network_policy_json, input_tokens, output_tokens, cached_tokens, cost_micros"
#define OCTOBOT_MEMBER_COLUMNS "project_id, user_id, role, created_at"
#define OCTOBOT_WORKSPACE_COLUMNS                                                                           \
  "id, project_id, display_name, path, source_type, status, error_message, mirror_path, commit_sha, " \
  "created_at, updated_at"
#define OCTOBOT_SESSION_COLUMNS                                                                      \
  "id, project_id, workspace_id, agent_id, name, status, error_message, created_at, updated_at, container_id, " \
  "api_port, proxy_port, api_token, proxy_token, last_active_at, acp_session_id, chat_turn, chat_offset, "   \
  "chat_message_id, input_tokens, output_tokens, cached_tokens, cost_micros"
#define OCTOBOT_AGENT_COLUMNS                                                                            \
  "id, project_id, type, name, system_prompt, model, env_json, mcp_servers_json, is_default, created_at, " \
  "updated_at, network_policy_json, approval_policy"
#define OCTOBOT_CREDENTIAL_COLUMNS \
  "id, project_id, provider, name, secret_ciphertext, hosts_json, last4, created_at, base_url"
#define OCTOBOT_MESSAGE_COLUMNS "id, project_id, session_id, role, parts_json, created_at, status, metadata_json"
#define OCTOBOT_EVENT_COLUMNS "id, project_id, type, data_json, created_at"

namespace octobot::store {

User user_from_row(const sql::Row& row);
Project project_from_row(const sql::Row& row);
Member member_from_row(const sql::Row& row);
Workspace workspace_from_row(const sql::Row& row);
Session session_from_row(const sql::Row& row);
Agent agent_from_row(const sql::Row& row);
Credential credential_from_row(const sql::Row& row);
Message message_from_row(const sql::Row& row);
Event event_from_row(const sql::Row& row);

// Every row of `rows` read with `from_row`.
template <class T>
std::vector<T> records_from_rows(const std::vector<sql::Row>& rows, T (*from_row)(const sql::Row&)) {
  std::vector<T> records;
  records.reserve(rows.size());
  for (const sql::Row& row : rows) records.push_back(from_row(row));
  return records;
}

}  // namespace octobot::store
