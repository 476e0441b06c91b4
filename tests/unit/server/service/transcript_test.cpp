#include "server/service/transcript.hpp"

#include <catch2/catch.hpp>

using octobot::service::conversation_transcript;
using octobot::store::Message;

namespace {

Message message(const std::string& role, const std::string& parts_json) {
  Message m;
  m.role = role;
  m.parts_json = parts_json;
  return m;
}

}  // namespace

TEST_CASE("a transcript renders the conversation's text and tool names, oldest first", "[service][transcript]") {
  const std::string transcript = conversation_transcript({
      message("user", R"([{"type":"text","text":"Create hello.txt"}])"),
      message("assistant", R"([{"type":"text","text":"Sure."},{"type":"dynamic-tool","toolName":"Bash","state":"output-available"},{"type":"text","text":"Done."}])"),
      message("system", R"([{"type":"text","text":"not part of it"}])"),
      message("user", R"(not json)"),
  });
  CHECK_THAT(transcript, Catch::StartsWith("This session continues an earlier conversation"));
  CHECK_THAT(transcript, Catch::Contains("User: Create hello.txt\n\nAssistant: Sure.\n[tool: Bash]\nDone."));
  CHECK_THAT(transcript, !Catch::Contains("not part of it"));
  CHECK_THAT(transcript, Catch::EndsWith("(End of the earlier conversation.)"));
  CHECK(conversation_transcript({}).empty());
  CHECK(conversation_transcript({message("assistant", "[]")}).empty());
}

TEST_CASE("a long transcript drops its oldest messages first and says so", "[service][transcript]") {
  std::vector<Message> messages;
  for (int i = 0; i < 400; ++i) {
    messages.push_back(message("user", R"([{"type":"text","text":"message )" + std::to_string(i) + " " +
                                           std::string(500, 'x') + R"("}])"));
  }
  const std::string transcript = conversation_transcript(messages);
  CHECK(transcript.size() < 110 * 1024);
  CHECK_THAT(transcript, Catch::Contains("oldest messages left out"));
  CHECK_THAT(transcript, Catch::Contains("message 399 "));
  CHECK_THAT(transcript, !Catch::Contains("message 0 "));
}
