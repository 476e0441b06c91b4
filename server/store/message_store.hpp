// MessageStore: the messages of a session.
//
// Contract (beyond what every store interface promises, see store.hpp):
// - create_message: the session must be in the message's project (not_found
//   otherwise).
// - update_message replaces the role, parts, status and metadata of a message
//   (as a turn streams); `event` may be null (the batched writes of a
//   streaming message append none; its last write does).
// - list_messages: the messages of one session, oldest first; a session that
//   is not in the project is not_found.
#pragma once
#include "server/store/error.hpp"
#include "server/store/records.hpp"

#include <string_view>
#include <vector>

namespace octobot::store {

class MessageStore {
 public:
  virtual ~MessageStore() = default;

  virtual Result<> create_message(const Message& message, const EventDraft& event) = 0;
  virtual Result<> update_message(const Message& message, const EventDraft* event) = 0;
  virtual Result<std::vector<Message>> list_messages(std::string_view project_id, std::string_view session_id) = 0;
};

}  // namespace octobot::store
