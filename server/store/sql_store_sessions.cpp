// SqlStore: sessions, with keyset pagination (SessionStore).
#include "server/store/page_cursor.hpp"
#include "server/store/sql_store.hpp"
#include "server/store/sql_store_references.hpp"
#include "server/store/transaction.hpp"

#include <algorithm>

namespace octobot::store {
namespace {

// "" is stored as NULL (sessions.agent_id references agents).
sql::Param null_if_empty(const std::string& text) {
  if (text.empty()) return nullptr;
  return text;
}

// The statement and parameters of one page of list_sessions.
struct SessionPageQuery {
  std::string sql;
  std::vector<sql::Param> params;
};

SessionPageQuery session_page_query(std::string_view project_id, std::string_view workspace_id,
                                    const std::optional<CursorPosition>& after, std::int64_t fetch) {
  SessionPageQuery query{"SELECT " OCTOBOT_SESSION_COLUMNS " FROM sessions WHERE project_id = ?", {project_id}};
  if (!workspace_id.empty()) {
    query.sql += " AND workspace_id = ?";
    query.params.emplace_back(workspace_id);
  }
  if (after) {
    query.sql += " AND (created_at, id) < (?, ?)";
    query.params.emplace_back(after->created_at);
    query.params.emplace_back(after->id);
  }
  query.sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  query.params.emplace_back(fetch);
  return query;
}

}  // namespace

Result<> SqlStore::create_session(const Session& s, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    if (auto found = require_workspace(x, s.project_id, s.workspace_id); !found) return found;
    if (auto found = require_agent_if_any(x, s.project_id, s.agent_id); !found) return found;
    auto inserted = x.run("INSERT INTO sessions (" OCTOBOT_SESSION_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                          " ?, ?, ?, ?, ?, ?, ?, ?)",
                          {s.id, s.project_id, s.workspace_id, null_if_empty(s.agent_id), s.name, s.status,
                           s.error_message, s.created_at, s.updated_at, s.container_id, s.api_port, s.proxy_port,
                           s.api_token, s.proxy_token, s.last_active_at, s.acp_session_id, s.chat_turn,
                           s.chat_offset, s.chat_message_id, s.input_tokens, s.output_tokens, s.cached_tokens,
                           s.cost_micros});
    if (!inserted) return inserted.error();
    return x.append_event(event);
  });
}

Result<Session> SqlStore::find_session(std::string_view project_id, std::string_view id) {
  return read_only<Session>(*database_, [&](Executor& x) {
    return x.find("SELECT " OCTOBOT_SESSION_COLUMNS " FROM sessions WHERE project_id = ? AND id = ?",
                  {project_id, id}, session_from_row, "session", id);
  });
}

Result<Page<Session>> SqlStore::list_sessions(std::string_view project_id, std::string_view workspace_id,
                                              const PageRequest& page) {
  if (page.limit == 0) return Error{Error::Code::invalid, "the page limit must be at least 1"};
  std::optional<CursorPosition> after;
  if (!page.cursor.empty()) {
    after = decode_cursor(page.cursor);
    if (!after) return Error{Error::Code::invalid, "malformed page cursor"};
  }
  const std::size_t limit = std::min(page.limit, kMaxListLimit);
  // One row more than the page tells whether another page follows.
  const auto fetch = static_cast<std::int64_t>(limit + 1);
  return read_only<Page<Session>>(*database_, [&](Executor& x) -> Result<Page<Session>> {
    if (!workspace_id.empty()) {
      if (auto found = require_workspace(x, project_id, workspace_id); !found) return found.error();
    }
    const SessionPageQuery query = session_page_query(project_id, workspace_id, after, fetch);
    auto sessions = x.list(query.sql, query.params, session_from_row);
    if (!sessions) return sessions.error();
    Page<Session> result{std::move(sessions.value()), {}};
    if (result.items.size() > limit) {
      result.items.pop_back();
      result.next_cursor = encode_cursor({result.items.back().created_at, result.items.back().id});
    }
    return result;
  });
}

Result<std::vector<Session>> SqlStore::list_sessions_in_status(const std::vector<std::string>& statuses) {
  return read_only<std::vector<Session>>(*database_, [&](Executor& x) -> Result<std::vector<Session>> {
    std::vector<Session> sessions;
    for (const std::string& status : statuses) {
      auto found = x.list("SELECT " OCTOBOT_SESSION_COLUMNS " FROM sessions WHERE status = ? ORDER BY created_at, id",
                          {status}, session_from_row);
      if (!found) return found.error();
      sessions.insert(sessions.end(), found->begin(), found->end());
    }
    return sessions;
  });
}

Result<> SqlStore::update_session(const Session& s, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    if (auto found = require_agent_if_any(x, s.project_id, s.agent_id); !found) return found;
    auto updated = x.change("UPDATE sessions SET agent_id = ?, name = ?, updated_at = ? WHERE project_id = ? AND id = ?",
                            {null_if_empty(s.agent_id), s.name, s.updated_at, s.project_id, s.id}, "session", s.id);
    if (!updated) return updated;
    return x.append_event(event);
  });
}

Result<> SqlStore::update_session_state(const Session& s, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    auto updated = x.change(
        "UPDATE sessions SET status = ?, error_message = ?, updated_at = ?, container_id = ?, api_port = ?,"
        " proxy_port = ?, api_token = ?, proxy_token = ?, last_active_at = ? WHERE project_id = ? AND id = ?",
        {s.status, s.error_message, s.updated_at, s.container_id, s.api_port, s.proxy_port, s.api_token,
         s.proxy_token, s.last_active_at, s.project_id, s.id},
        "session", s.id);
    if (!updated) return updated;
    return x.append_event(event);
  });
}

Result<> SqlStore::update_session_chat(const Session& s, const EventDraft* event, const Usage* added) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    auto updated = x.change(
        "UPDATE sessions SET acp_session_id = ?, chat_turn = ?, chat_offset = ?, chat_message_id = ?,"
        " input_tokens = ?, output_tokens = ?, cached_tokens = ?, cost_micros = ?, last_active_at = ?"
        " WHERE project_id = ? AND id = ?",
        {s.acp_session_id, s.chat_turn, s.chat_offset, s.chat_message_id, s.input_tokens, s.output_tokens,
         s.cached_tokens, s.cost_micros, s.last_active_at, s.project_id, s.id},
        "session", s.id);
    if (!updated) return updated;
    if (added != nullptr) {
      auto project = x.run("UPDATE projects SET input_tokens = input_tokens + ?, output_tokens = output_tokens + ?,"
                           " cached_tokens = cached_tokens + ?, cost_micros = cost_micros + ? WHERE id = ?",
                           {added->input_tokens, added->output_tokens, added->cached_tokens, added->cost_micros,
                            s.project_id});
      if (!project) return project.error();
    }
    return event == nullptr ? Result<>{} : x.append_event(*event);
  });
}

Result<> SqlStore::delete_session(std::string_view project_id, std::string_view id, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    auto deleted = x.change("DELETE FROM sessions WHERE project_id = ? AND id = ?", {project_id, id}, "session", id);
    if (!deleted) return deleted;
    return x.append_event(event);
  });
}

}  // namespace octobot::store
