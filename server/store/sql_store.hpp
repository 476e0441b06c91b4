// SqlStore: the Store written once in portable SQL over a sql::Database, so
// SQLite and PostgreSQL run the very same statements. One source file per
// resource interface (sql_store_<resource>.cpp); sql_store.cpp constructs it.
//
// Beyond the Store contract (store.hpp and the per-resource headers):
// - Every mutation runs in one transaction with its event. A pooled connection
//   found dead at BEGIN is replaced once; a read that fails because its pooled
//   connection was dead is retried once on a fresh connection.
// - References are checked inside the transaction: a session whose workspace or
//   agent is not in the session's project, and a message whose session is not,
//   are not_found; so is listing the sessions of a workspace, or the messages of
//   a session, that is not in the project. Any other reference to a missing
//   row (a workspace of a missing project, an owner who is not a user) is
//   not_found from the foreign keys.
// - A CHECK or NOT NULL violation (e.g. an event draft with an empty type) is
//   invalid, and nothing of the mutation is written.
// - list_sessions: newest first by (created_at, id); a limit of 0 or a cursor
//   that does not decode is invalid; limits above kMaxListLimit are capped.
//   list_events_after caps its limit the same way.
// - Deleting a project deletes its earlier events too, then appends the
//   deletion event, which subscribers still receive.
// - Agents: updating the default agent with is_default=false keeps it the
//   default (a project with agents always has one default); to move the flag,
//   set it on another agent.
// - On PostgreSQL, appending an event takes a transaction-scoped advisory lock,
//   so event ids become visible in increasing order: a reader resuming after id
//   N never misses a smaller id committed later.
#pragma once
#include "server/store/sql/database.hpp"
#include "server/store/store.hpp"

#include <memory>

namespace octobot::store {

inline constexpr std::size_t kMaxListLimit = 1000;

class SqlStore final : public Store {
 public:
  // `database` must already be migrated (see migrate.hpp).
  explicit SqlStore(std::unique_ptr<sql::Database> database);

  // ProjectStore (sql_store_projects.cpp).
  Result<> create_user(const User& user) override;
  Result<User> find_user(std::string_view id) override;
  Result<> create_project(const Project& project, const Member& owner, const EventDraft& event) override;
  Result<Project> find_project(std::string_view id) override;
  Result<std::vector<Project>> list_projects_for_user(std::string_view user_id) override;
  Result<> update_project(const Project& project, const EventDraft& event) override;
  Result<> delete_project(std::string_view id, const EventDraft& event) override;
  Result<Member> find_member(std::string_view project_id, std::string_view user_id) override;

  // WorkspaceStore (sql_store_workspaces.cpp).
  Result<> create_workspace(const Workspace& workspace, const EventDraft& event) override;
  Result<Workspace> find_workspace(std::string_view project_id, std::string_view id) override;
  Result<std::vector<Workspace>> list_workspaces(std::string_view project_id) override;
  Result<> update_workspace(const Workspace& workspace, const EventDraft& event) override;
  Result<> delete_workspace(std::string_view project_id, std::string_view id, const EventDraft& event) override;

  // SessionStore (sql_store_sessions.cpp).
  Result<> create_session(const Session& session, const EventDraft& event) override;
  Result<Session> find_session(std::string_view project_id, std::string_view id) override;
  Result<Page<Session>> list_sessions(std::string_view project_id, std::string_view workspace_id,
                                      const PageRequest& page) override;
  Result<std::vector<Session>> list_sessions_in_status(const std::vector<std::string>& statuses) override;
  Result<> update_session(const Session& session, const EventDraft& event) override;
  Result<> update_session_state(const Session& session, const EventDraft& event) override;
  Result<> update_session_chat(const Session& session, const EventDraft* event, const Usage* added) override;
  Result<> delete_session(std::string_view project_id, std::string_view id, const EventDraft& event) override;

  // MessageStore (sql_store_messages.cpp).
  Result<> create_message(const Message& message, const EventDraft& event) override;
  Result<> update_message(const Message& message, const EventDraft* event) override;
  Result<std::vector<Message>> list_messages(std::string_view project_id, std::string_view session_id) override;

  // AgentStore (sql_store_agents.cpp).
  Result<Agent> create_agent(const Agent& agent, const EventDraft& event) override;
  Result<Agent> find_agent(std::string_view project_id, std::string_view id) override;
  Result<Agent> find_default_agent(std::string_view project_id) override;
  Result<std::vector<Agent>> list_agents(std::string_view project_id) override;
  Result<Agent> update_agent(const Agent& agent, const EventDraft& event) override;
  Result<> delete_agent(std::string_view project_id, std::string_view id, const EventDraft& event) override;

  // CredentialStore (sql_store_credentials.cpp).
  Result<> create_credential(const Credential& credential, const EventDraft& event) override;
  Result<Credential> find_credential(std::string_view project_id, std::string_view id) override;
  Result<std::vector<Credential>> list_credentials(std::string_view project_id) override;
  Result<> delete_credential(std::string_view project_id, std::string_view id, const EventDraft& event) override;

  // EventStore (sql_store_events.cpp).
  Result<std::vector<Event>> list_events_after(std::string_view project_id, std::int64_t after_id,
                                               std::size_t limit) override;
  Result<std::int64_t> last_event_id() override;
  Result<> append_event(const EventDraft& event) override;

 private:
  std::unique_ptr<sql::Database> database_;
};

}  // namespace octobot::store
