// Store: the control plane's persistence, one small interface per resource,
// gathered here so that a caller holding a Store reaches them all
// (`store.find_session(...)`):
//
//   ProjectStore     users, projects, membership   project_store.hpp
//   WorkspaceStore   workspaces                    workspace_store.hpp
//   SessionStore     sessions (paged)              session_store.hpp
//   MessageStore     the messages of a session     message_store.hpp
//   AgentStore       agents, the default agent     agent_store.hpp
//   CredentialStore  sealed credentials            credential_store.hpp
//   EventStore       reading the event log         event_store.hpp
//
// Each header states its resource's rules. What every one of them promises:
// - Every lookup of a project resource is scoped by project id: an id that
//   exists in another project is not_found.
// - Each mutation is one transaction together with the event it appends (the
//   EventDraft), so a change and its event are both written or neither.
// - Errors are values, never exceptions, in the vocabulary of error.hpp
//   (a unique-constraint violation is conflict, a missing row not_found, a
//   database that cannot be reached unavailable).
// - Implementations must be safe to call from several threads.
#pragma once
#include "server/store/agent_store.hpp"
#include "server/store/credential_store.hpp"
#include "server/store/error.hpp"
#include "server/store/event_store.hpp"
#include "server/store/message_store.hpp"
#include "server/store/project_store.hpp"
#include "server/store/records.hpp"
#include "server/store/session_store.hpp"
#include "server/store/workspace_store.hpp"

#include <memory>
#include <string>

namespace octobot::store {

class Store : public ProjectStore,
              public WorkspaceStore,
              public SessionStore,
              public MessageStore,
              public AgentStore,
              public CredentialStore,
              public EventStore {
 public:
  ~Store() override = default;
};

// Opens the store named by `database`: "" or a file path → SQLite at that path;
// "postgres://…" or "postgresql://…" → PostgreSQL. Applies pending migrations.
Result<std::unique_ptr<Store>> open_store(const std::string& database);

}  // namespace octobot::store
