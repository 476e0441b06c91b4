// Store: the control plane's persistence interface.
//
// Contract:
// - Every lookup of a project resource is scoped by project id: an id that
//   exists in another project is not_found.
// - Each mutation is one transaction together with the event it appends (the
//   EventDraft), so a change and its event are both written or neither.
// - Unique-constraint violations are conflict; a missing row is not_found; a
//   database that cannot be reached is unavailable. Nothing throws for these.
// - Agents: at most one default per project. create_agent makes the first agent
//   of a project the default; creating or updating an agent with is_default
//   clears the flag on the others; deleting the default promotes the oldest
//   remaining agent.
// - Deleting a project deletes everything it owns; deleting a workspace deletes
//   its sessions and their messages.
// Implementations must be safe to call from several threads.
#pragma once
#include "server/domain/error.hpp"
#include "server/store/records.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace octobot::store {

// Store calls speak the domain's error vocabulary (not_found, conflict,
// invalid, unavailable, internal).
using Error = domain::Error;
template <class T = void>
using Result = domain::Result<T>;

class Store {
 public:
  virtual ~Store() = default;

  // Users, projects, membership.
  virtual Result<> create_user(const User& user) = 0;
  virtual Result<User> find_user(std::string_view id) = 0;
  virtual Result<> create_project(const Project& project, const Member& owner, const EventDraft& event) = 0;
  virtual Result<Project> find_project(std::string_view id) = 0;
  virtual Result<std::vector<Project>> list_projects_for_user(std::string_view user_id) = 0;
  virtual Result<> update_project(const Project& project, const EventDraft& event) = 0;
  virtual Result<> delete_project(std::string_view id, const EventDraft& event) = 0;
  virtual Result<Member> find_member(std::string_view project_id, std::string_view user_id) = 0;

  // Workspaces.
  virtual Result<> create_workspace(const Workspace& workspace, const EventDraft& event) = 0;
  virtual Result<Workspace> find_workspace(std::string_view project_id, std::string_view id) = 0;
  virtual Result<std::vector<Workspace>> list_workspaces(std::string_view project_id) = 0;
  virtual Result<> update_workspace(const Workspace& workspace, const EventDraft& event) = 0;
  virtual Result<> delete_workspace(std::string_view project_id, std::string_view id, const EventDraft& event) = 0;

  // Sessions. workspace_id empty lists the whole project.
  virtual Result<> create_session(const Session& session, const EventDraft& event) = 0;
  virtual Result<Session> find_session(std::string_view project_id, std::string_view id) = 0;
  virtual Result<Page<Session>> list_sessions(std::string_view project_id, std::string_view workspace_id,
                                              const PageRequest& page) = 0;
  virtual Result<> update_session(const Session& session, const EventDraft& event) = 0;
  virtual Result<> delete_session(std::string_view project_id, std::string_view id, const EventDraft& event) = 0;

  // Agents (see the default-agent rule above). create/update return the stored
  // agent, whose is_default may differ from the input.
  virtual Result<Agent> create_agent(const Agent& agent, const EventDraft& event) = 0;
  virtual Result<Agent> find_agent(std::string_view project_id, std::string_view id) = 0;
  virtual Result<Agent> find_default_agent(std::string_view project_id) = 0;
  virtual Result<std::vector<Agent>> list_agents(std::string_view project_id) = 0;
  virtual Result<Agent> update_agent(const Agent& agent, const EventDraft& event) = 0;
  virtual Result<> delete_agent(std::string_view project_id, std::string_view id, const EventDraft& event) = 0;

  // Credentials.
  virtual Result<> create_credential(const Credential& credential, const EventDraft& event) = 0;
  virtual Result<Credential> find_credential(std::string_view project_id, std::string_view id) = 0;
  virtual Result<std::vector<Credential>> list_credentials(std::string_view project_id) = 0;
  virtual Result<> delete_credential(std::string_view project_id, std::string_view id, const EventDraft& event) = 0;

  // Messages. create_message: the session must be in the message's project.
  // update_message replaces the role and parts of a message (as a turn
  // streams). list_messages: the messages of one session, oldest first.
  virtual Result<> create_message(const Message& message, const EventDraft& event) = 0;
  virtual Result<> update_message(const Message& message, const EventDraft& event) = 0;
  virtual Result<std::vector<Message>> list_messages(std::string_view project_id, std::string_view session_id) = 0;

  // Events of a project with id > after_id, oldest first, at most limit.
  virtual Result<std::vector<Event>> list_events_after(std::string_view project_id, std::int64_t after_id,
                                                       std::size_t limit) = 0;
  // The id of the newest event in the whole log (0 when empty).
  virtual Result<std::int64_t> last_event_id() = 0;
};

// Opens the store named by `database`: "" or a file path → SQLite at that path;
// "postgres://…" or "postgresql://…" → PostgreSQL. Applies pending migrations.
Result<std::unique_ptr<Store>> open_store(const std::string& database);

}  // namespace octobot::store
