// SqlStore: the messages of a session (MessageStore).
#include "server/store/sql_store.hpp"
#include "server/store/sql_store_references.hpp"
#include "server/store/transaction.hpp"

namespace octobot::store {

Result<> SqlStore::create_message(const Message& m, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    if (auto found = require_session(x, m.project_id, m.session_id); !found) return found;
    auto inserted = x.run("INSERT INTO messages (" OCTOBOT_MESSAGE_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          {m.id, m.project_id, m.session_id, m.role, m.parts_json, m.created_at, m.status,
                           m.metadata_json});
    if (!inserted) return inserted.error();
    return x.append_event(event);
  });
}

Result<> SqlStore::update_message(const Message& m, const EventDraft* event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    auto updated = x.change(
        "UPDATE messages SET role = ?, parts_json = ?, status = ?, metadata_json = ?"
        " WHERE project_id = ? AND session_id = ? AND id = ?",
        {m.role, m.parts_json, m.status, m.metadata_json, m.project_id, m.session_id, m.id}, "message", m.id);
    if (!updated) return updated;
    if (event == nullptr) return {};
    return x.append_event(*event);
  });
}

Result<std::vector<Message>> SqlStore::list_messages(std::string_view project_id, std::string_view session_id) {
  return read_only<std::vector<Message>>(*database_, [&](Executor& x) -> Result<std::vector<Message>> {
    if (auto found = require_session(x, project_id, session_id); !found) return found.error();
    return x.list("SELECT " OCTOBOT_MESSAGE_COLUMNS " FROM messages WHERE project_id = ? AND session_id = ?"
                  " ORDER BY created_at, seq",
                  {project_id, session_id}, message_from_row);
  });
}

}  // namespace octobot::store
