// Fuzzes what crosses the sandbox boundary as a chat stream: the server reads
// the agent API's SSE (lib/http/sse_parser) and builds the assistant message
// from its chunks (proto/ui_message); the agent API maps an agent's ACP
// session/update objects to chunks (agent-api/chat/ui_stream_mapper). Both
// peers are untrusted. Properties: nothing crashes or throws; the message's
// parts stay an array and serialize; the mapper emits only objects with a type.
#include "agent-api/chat/ui_stream_mapper.hpp"
#include "fuzz/fuzz_check.hpp"
#include "lib/http/sse_parser.hpp"
#include "proto/ui_message.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using Json = nlohmann::json;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t cut = size == 0 ? 0 : data[0] % (size + 1);  // the bytes arrive in two reads
  octobot::http::SseParser parser;
  auto events = parser.feed(input.substr(0, cut));
  auto more = parser.feed(input.substr(cut));
  events.insert(events.end(), more.begin(), more.end());

  octobot::proto::UiMessageBuilder builder;
  octobot::agent_api::UiStreamMapper mapper;
  for (const auto& event : events) {
    const Json value = Json::parse(event.data, nullptr, false);
    builder.apply(value);
    for (const auto& chunk : mapper.session_update(value)) {
      FUZZ_CHECK(chunk.is_object() && chunk.contains("type"));
    }
    (void)mapper.approval_request("approval-1", value);
  }
  (void)mapper.finish(events.empty() ? Json::object() : Json::parse(events.back().data, nullptr, false));
  FUZZ_CHECK(builder.parts().is_array());
  (void)builder.parts().dump(-1, ' ', false, Json::error_handler_t::replace);
  return 0;
}
