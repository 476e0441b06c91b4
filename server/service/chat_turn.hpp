// ChatTurn: one running turn as the server relays it — the UI stream chunks
// received from the agent API so far, for any number of clients to follow
// (the POST that started it, re-attached GETs).
//
// Contract:
// - append() and end() are called by the relay; readers call read() from any
//   thread: the chunks from an offset, and whether the turn has ended.
// - wait() returns when a chunk is appended or the turn ends after the
//   subscription was made, or after the timeout (EventHub semantics: a wake-up
//   between a read and the wait is not lost).
// - The chunks are serialized JSON objects of the UI message stream.
#pragma once
#include "server/events/hub.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace octobot::service {

class ChatTurn {
 public:
  ChatTurn(std::string session_id, std::string message_id)
      : session_id_(std::move(session_id)), message_id_(std::move(message_id)) {}

  const std::string& session_id() const { return session_id_; }
  const std::string& message_id() const { return message_id_; }

  void append(std::string chunk);
  void end();

  struct Slice {
    std::vector<std::string> chunks;
    bool ended = false;
  };
  Slice read(std::size_t offset) const;
  std::shared_ptr<events::EventHub::Subscription> subscribe(boost::asio::any_io_executor executor) {
    return hub_.subscribe(std::move(executor));
  }

 private:
  std::string session_id_;
  std::string message_id_;
  mutable std::mutex mutex_;
  std::vector<std::string> chunks_;
  bool ended_ = false;
  events::EventHub hub_;
};

}  // namespace octobot::service
