-- 0001_initial (SQLite): the control plane's tables.
-- Keep in step with ../postgres/0001_initial.sql: only the auto-increment
-- columns differ. Booleans are 0/1 integers, times are Unix milliseconds, JSON
-- is text. Tables owned by a project cascade from projects; sessions reference
-- their workspace by (project_id, workspace_id) so a session can never point
-- into another project, and messages reference their session the same way.

CREATE TABLE users (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  email       TEXT NOT NULL,
  provider    TEXT NOT NULL,
  subject     TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  UNIQUE (provider, subject)
);

CREATE TABLE projects (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);

CREATE TABLE project_members (
  project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role        TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_by_user ON project_members (user_id);

CREATE TABLE workspaces (
  id             TEXT PRIMARY KEY,
  project_id     TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  display_name   TEXT NOT NULL,
  path           TEXT NOT NULL,
  source_type    TEXT NOT NULL,
  status         TEXT NOT NULL,
  error_message  TEXT NOT NULL,
  mirror_path    TEXT NOT NULL,
  commit_sha     TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  UNIQUE (project_id, display_name),
  UNIQUE (project_id, id)
);

CREATE TABLE agents (
  id                TEXT PRIMARY KEY,
  project_id        TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  type              TEXT NOT NULL,
  name              TEXT NOT NULL,
  system_prompt     TEXT NOT NULL,
  model             TEXT NOT NULL,
  env_json          TEXT NOT NULL,
  mcp_servers_json  TEXT NOT NULL,
  is_default        INTEGER NOT NULL DEFAULT 0,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL
);
CREATE INDEX agents_by_project ON agents (project_id, created_at, id);
-- At most one default agent per project.
CREATE UNIQUE INDEX agents_one_default ON agents (project_id) WHERE is_default = 1;

CREATE TABLE sessions (
  id             TEXT PRIMARY KEY,
  project_id     TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  workspace_id   TEXT NOT NULL,
  agent_id       TEXT REFERENCES agents (id) ON DELETE SET NULL,
  name           TEXT NOT NULL,
  status         TEXT NOT NULL,
  error_message  TEXT NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  UNIQUE (project_id, id),
  FOREIGN KEY (project_id, workspace_id) REFERENCES workspaces (project_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_by_project ON sessions (project_id, created_at, id);
CREATE INDEX sessions_by_workspace ON sessions (project_id, workspace_id, created_at, id);
CREATE INDEX sessions_by_agent ON sessions (agent_id);

CREATE TABLE credentials (
  id                 TEXT PRIMARY KEY,
  project_id         TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  provider           TEXT NOT NULL,
  name               TEXT NOT NULL,
  secret_ciphertext  TEXT NOT NULL,
  hosts_json         TEXT NOT NULL,
  last4              TEXT NOT NULL,
  created_at         BIGINT NOT NULL
);
CREATE INDEX credentials_by_project ON credentials (project_id, created_at, id);

-- seq keeps insertion order among messages created in the same millisecond.
CREATE TABLE messages (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT NOT NULL UNIQUE,
  project_id  TEXT NOT NULL,
  session_id  TEXT NOT NULL,
  role        TEXT NOT NULL,
  parts_json  TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  FOREIGN KEY (project_id, session_id) REFERENCES sessions (project_id, id) ON DELETE CASCADE
);
CREATE INDEX messages_by_session ON messages (project_id, session_id, created_at, seq);

-- The event log. No foreign key: the event announcing a project's deletion
-- outlives the project (delete_project removes the project's older events).
-- AUTOINCREMENT: ids are never reused, even after the newest event is deleted.
CREATE TABLE events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id  TEXT NOT NULL,
  type        TEXT NOT NULL CHECK (type <> ''),
  data_json   TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);
CREATE INDEX events_by_project ON events (project_id, id);
