#include "server/store/record_rows.hpp"

namespace octobot::store {

User user_from_row(const sql::Row& row) {
  return User{.id = row.text(0),
              .name = row.text(1),
              .email = row.text(2),
              .provider = row.text(3),
              .subject = row.text(4),
              .created_at = row.int64(5)};
}

Project project_from_row(const sql::Row& row) {
  return Project{.id = row.text(0),
                 .name = row.text(1),
                 .created_at = row.int64(2),
                 .updated_at = row.int64(3),
                 .network_policy_json = row.text(4),
                 .usage = {row.int64(5), row.int64(6), row.int64(7), row.int64(8)}};
}

Member member_from_row(const sql::Row& row) {
  return Member{.project_id = row.text(0), .user_id = row.text(1), .role = row.text(2), .created_at = row.int64(3)};
}

Workspace workspace_from_row(const sql::Row& row) {
  return Workspace{.id = row.text(0),
                   .project_id = row.text(1),
                   .display_name = row.text(2),
                   .path = row.text(3),
                   .source_type = row.text(4),
                   .status = row.text(5),
                   .error_message = row.text(6),
                   .mirror_path = row.text(7),
                   .commit_sha = row.text(8),
                   .created_at = row.int64(9),
                   .updated_at = row.int64(10)};
}

Session session_from_row(const sql::Row& row) {
  return Session{.id = row.text(0),
                 .project_id = row.text(1),
                 .workspace_id = row.text(2),
                 .agent_id = row.text(3),  // NULL reads as ""
                 .name = row.text(4),
                 .status = row.text(5),
                 .error_message = row.text(6),
                 .created_at = row.int64(7),
                 .updated_at = row.int64(8),
                 .container_id = row.text(9),
                 .api_port = row.int64(10),
                 .proxy_port = row.int64(11),
                 .api_token = row.text(12),
                 .proxy_token = row.text(13),
                 .last_active_at = row.int64(14),
                 .acp_session_id = row.text(15),
                 .chat_turn = row.int64(16),
                 .chat_offset = row.int64(17),
                 .chat_message_id = row.text(18),
                 .input_tokens = row.int64(19),
                 .output_tokens = row.int64(20),
                 .cached_tokens = row.int64(21),
                 .cost_micros = row.int64(22)};
}

Agent agent_from_row(const sql::Row& row) {
  return Agent{.id = row.text(0),
               .project_id = row.text(1),
               .type = row.text(2),
               .name = row.text(3),
               .system_prompt = row.text(4),
               .model = row.text(5),
               .env_json = row.text(6),
               .mcp_servers_json = row.text(7),
               .is_default = row.boolean(8),
               .created_at = row.int64(9),
               .updated_at = row.int64(10),
               .network_policy_json = row.text(11),
               .approval_policy = row.text(12)};
}

Credential credential_from_row(const sql::Row& row) {
  return Credential{.id = row.text(0),
                    .project_id = row.text(1),
                    .provider = row.text(2),
                    .name = row.text(3),
                    .secret_ciphertext = row.text(4),
                    .hosts_json = row.text(5),
                    .last4 = row.text(6),
                    .created_at = row.int64(7),
                    .base_url = row.text(8)};
}

Message message_from_row(const sql::Row& row) {
  return Message{.id = row.text(0),
                 .project_id = row.text(1),
                 .session_id = row.text(2),
                 .role = row.text(3),
                 .parts_json = row.text(4),
                 .created_at = row.int64(5),
                 .status = row.text(6),
                 .metadata_json = row.text(7)};
}

Event event_from_row(const sql::Row& row) {
  return Event{.id = row.int64(0),
               .project_id = row.text(1),
               .type = row.text(2),
               .data_json = row.text(3),
               .created_at = row.int64(4)};
}

}  // namespace octobot::store
