// SqlStore: construction. Each resource interface is implemented in its own
// file: sql_store_projects.cpp, sql_store_workspaces.cpp,
// sql_store_sessions.cpp, sql_store_messages.cpp, sql_store_agents.cpp,
// sql_store_credentials.cpp and sql_store_events.cpp.
#include "server/store/sql_store.hpp"

namespace octobot::store {

SqlStore::SqlStore(std::unique_ptr<sql::Database> database) : database_(std::move(database)) {}

}  // namespace octobot::store
