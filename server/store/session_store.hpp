// SessionStore: the sessions of a project, each in one of its workspaces.
//
// Contract (beyond what every store interface promises, see store.hpp):
// - A session's workspace, and its agent when it names one (agent_id may be
//   empty), must be in the session's project: not_found otherwise.
// - The workspace and creation time of a session never change on update.
// - list_sessions: workspace_id empty lists the whole project, otherwise the
//   workspace must be in the project (not_found). Pages are newest first by
//   (created_at, id); a limit of 0 or a cursor that does not decode is invalid.
// - Deleting a session deletes its messages.
#pragma once
#include "server/store/error.hpp"
#include "server/store/records.hpp"

#include <string_view>

namespace octobot::store {

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  virtual Result<> create_session(const Session& session, const EventDraft& event) = 0;
  virtual Result<Session> find_session(std::string_view project_id, std::string_view id) = 0;
  virtual Result<Page<Session>> list_sessions(std::string_view project_id, std::string_view workspace_id,
                                              const PageRequest& page) = 0;
  virtual Result<> update_session(const Session& session, const EventDraft& event) = 0;
  virtual Result<> delete_session(std::string_view project_id, std::string_view id, const EventDraft& event) = 0;
};

}  // namespace octobot::store
