#include "server/service/chat_turn.hpp"

namespace octobot::service {

void ChatTurn::append(std::string chunk) {
  {
    std::lock_guard lock(mutex_);
    chunks_.push_back(std::move(chunk));
  }
  hub_.notify();
}

void ChatTurn::end() {
  {
    std::lock_guard lock(mutex_);
    ended_ = true;
  }
  hub_.notify();
}

ChatTurn::Slice ChatTurn::read(std::size_t offset) const {
  std::lock_guard lock(mutex_);
  Slice slice;
  if (offset < chunks_.size()) slice.chunks.assign(chunks_.begin() + static_cast<std::ptrdiff_t>(offset), chunks_.end());
  slice.ended = ended_;
  return slice;
}

}  // namespace octobot::service
