-- Chat (issue 13). A session's conversation with its agent: the ACP session id
-- the agent resumes with; the turn the server is relaying (the agent API's turn
-- number, how many of its chunks are persisted, and the assistant message they
-- go into), so a restarted server re-attaches where it stopped; and the usage
-- totals of the session and its project (cost in millionths of a US dollar;
-- a project keeps the usage of its deleted sessions). A message has a status
-- (streaming, complete, interrupted) and its metadata (usage, cost, finish).
-- An agent answers its permission requests itself ("auto") or asks the user ("ask").
-- A credential may name the base URL its agents use (a gateway, a self-hosted endpoint).
ALTER TABLE sessions ADD COLUMN acp_session_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN chat_turn BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN chat_offset BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN chat_message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN input_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN output_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN cached_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN cost_micros BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN input_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN output_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN cached_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN cost_micros BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN approval_policy TEXT NOT NULL DEFAULT 'auto';
ALTER TABLE credentials ADD COLUMN base_url TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN status TEXT NOT NULL DEFAULT 'complete';
ALTER TABLE messages ADD COLUMN metadata_json TEXT NOT NULL DEFAULT '{}';
