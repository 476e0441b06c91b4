// SessionStore: the sessions of a project, each in one of its workspaces.
//
// Contract (beyond what every store interface promises, see store.hpp):
// - A session's workspace, and its agent when it names one (agent_id may be
//   empty), must be in the session's project: not_found otherwise.
// - update_session changes what clients may change: the name and the agent
//   (and updated_at). update_session_state changes what the server's sandbox
//   work owns: status, error message, container, ports, tokens, last activity
//   (and updated_at). update_session_chat changes what the chat relay owns:
//   the ACP session id, the relayed turn and offset, the usage totals and
//   last activity; `event` may be null (offset bookkeeping appends none);
//   `added`, when given, is added to the project's usage totals in the same
//   transaction.
//   None overwrites another's fields, so a rename, a status change and a
//   relayed chunk at the same time all hold. The workspace and creation
//   time never change.
// - list_sessions: workspace_id empty lists the whole project, otherwise the
//   workspace must be in the project (not_found). Pages are newest first by
//   (created_at, id); a limit of 0 or a cursor that does not decode is invalid.
// - list_sessions_in_status: the sessions of every project in one of the
//   statuses (the runtime's start-up reconciliation), oldest first per status.
// - Deleting a session deletes its messages.
#pragma once
#include "server/store/error.hpp"
#include "server/store/records.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace octobot::store {

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  virtual Result<> create_session(const Session& session, const EventDraft& event) = 0;
  virtual Result<Session> find_session(std::string_view project_id, std::string_view id) = 0;
  virtual Result<Page<Session>> list_sessions(std::string_view project_id, std::string_view workspace_id,
                                              const PageRequest& page) = 0;
  virtual Result<std::vector<Session>> list_sessions_in_status(const std::vector<std::string>& statuses) = 0;
  virtual Result<> update_session(const Session& session, const EventDraft& event) = 0;
  virtual Result<> update_session_state(const Session& session, const EventDraft& event) = 0;
  virtual Result<> update_session_chat(const Session& session, const EventDraft* event, const Usage* added) = 0;
  virtual Result<> delete_session(std::string_view project_id, std::string_view id, const EventDraft& event) = 0;
};

}  // namespace octobot::store
