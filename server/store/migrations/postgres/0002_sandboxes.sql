-- Session sandboxes (issue 12): the container of a session, the host ports
-- Docker published for its agent API and its proxy's control API, and the raw
-- bearer tokens of both (the container holds only their hashes). A project's
-- egress policy is JSON {"allowHosts": [...], "allowCidrs": [...]}; '' means
-- the default policy.
ALTER TABLE sessions ADD COLUMN container_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN api_port INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN proxy_port INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN api_token TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN proxy_token TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_active_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN network_policy_json TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_by_status ON sessions (status);
