// SqlStore: reading the event log (EventStore). Mutations append their
// events through Executor::append_event.
#include "server/store/sql_store.hpp"
#include "server/store/transaction.hpp"

#include <algorithm>

namespace octobot::store {

Result<std::vector<Event>> SqlStore::list_events_after(std::string_view project_id, std::int64_t after_id,
                                                       std::size_t limit) {
  const auto capped = static_cast<std::int64_t>(std::min(limit, kMaxListLimit));
  return read_only<std::vector<Event>>(*database_, [&](Executor& x) {
    return x.list("SELECT " OCTOBOT_EVENT_COLUMNS " FROM events WHERE project_id = ? AND id > ? ORDER BY id LIMIT ?",
                  {project_id, after_id, capped}, event_from_row);
  });
}

Result<std::int64_t> SqlStore::last_event_id() {
  return read_only<std::int64_t>(*database_, [&](Executor& x) -> Result<std::int64_t> {
    auto newest = x.run("SELECT COALESCE(MAX(id), 0) FROM events");
    if (!newest) return newest.error();
    return newest->rows.front().int64(0);
  });
}

Result<> SqlStore::append_event(const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> { return x.append_event(event); });
}

}  // namespace octobot::store
