// EventStore: reading the event log that every mutation appends to.
//
// Contract (beyond what every store interface promises, see store.hpp):
// - Event ids are assigned by the store and strictly increase across the
//   whole log.
// - list_events_after: the events of a project with id > after_id, oldest
//   first, at most limit.
// - last_event_id: the id of the newest event in the whole log (0 when empty).
// - append_event: an event that records no change of a stored resource (a
//   chat turn waits for approval, or finished); every mutation appends its
//   own event in its own transaction.
#pragma once
#include "server/store/error.hpp"
#include "server/store/records.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace octobot::store {

class EventStore {
 public:
  virtual ~EventStore() = default;

  virtual Result<std::vector<Event>> list_events_after(std::string_view project_id, std::int64_t after_id,
                                                       std::size_t limit) = 0;
  virtual Result<std::int64_t> last_event_id() = 0;
  virtual Result<> append_event(const EventDraft& event) = 0;
};

}  // namespace octobot::store
