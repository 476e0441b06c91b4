// SseParser: the reading side of Server-Sent Events, fed the body bytes as
// they arrive (lib/http/client_stream.hpp) and giving whole events.
//
// Contract: feed() returns every event completed by the bytes so far (an
// event ends at a blank line); lines may be split across feeds anywhere,
// including between "\r" and "\n". "data:" lines join with "\n"; "id:" and
// "event:" set the event's fields; comments (":") and unknown fields are
// ignored; a block with no data line yields no event (the spec's rule). One
// space after the colon is dropped. Pure.
#pragma once
#include "lib/http/sse.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace octobot::http {

class SseParser {
 public:
  std::vector<SseEvent> feed(std::string_view bytes);

 private:
  void take_line(std::string_view line, std::vector<SseEvent>& out);

  std::string pending_;  // an unfinished line
  bool skip_newline_ = false;
  SseEvent current_;
  bool has_data_ = false;
};

}  // namespace octobot::http
