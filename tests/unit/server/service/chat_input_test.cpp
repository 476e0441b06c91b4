// server/service/chat_input.cpp: what POST …/chat accepts.
#include "server/service/chat_input.hpp"

#include <catch2/catch.hpp>

namespace octobot::service {
namespace {

Json message(std::initializer_list<Json> parts, const std::string& role = "user") {
  Json list = Json::array();
  for (const auto& part : parts) list.push_back(part);
  return {{"role", role}, {"parts", list}};
}
Json text(const std::string& t) { return {{"type", "text"}, {"text", t}}; }

std::string refusal(const Json& body) {
  auto input = read_chat_input(body);
  REQUIRE_FALSE(input);
  CHECK(input.error().code == Error::Code::invalid);
  return input.error().message;
}

TEST_CASE("useChat's body: the last message is the user's new one", "[service][chat]") {
  auto input = read_chat_input({{"id", "chat"}, {"trigger", "submit-message"},
                                {"messages", {message({text("older")}), message({text("  \n  Fix the build\nplease")})}}});
  REQUIRE(input);
  CHECK(input->prompt == Json::array({{{"type", "text"}, {"text", "  \n  Fix the build\nplease"}}}));
  CHECK(input->parts == input->prompt);
  CHECK(input->title == "Fix the build");
}

TEST_CASE("the short form, images and the title's length", "[service][chat]") {
  const std::string long_line = std::string(59, 'a') + "\xC3\xA9" + "tail";  // é straddles the 60th byte
  auto input = read_chat_input({{"message", message({text(long_line),
                                                     {{"type", "file"}, {"mediaType", "image/png"},
                                                      {"url", "data:image/png;base64,iVBORw0KGgo="}}})}});
  REQUIRE(input);
  CHECK(input->title == std::string(59, 'a'));
  CHECK(input->prompt[1] == Json{{"type", "image"}, {"mimeType", "image/png"}, {"data", "iVBORw0KGgo="}});
  CHECK(input->parts[1]["type"] == "file");
}

TEST_CASE("bad bodies are refused naming the field", "[service][chat]") {
  CHECK(refusal(Json::object()).find("\"message\"") != std::string::npos);
  CHECK(refusal({{"messages", Json::array()}}).find("messages") != std::string::npos);
  CHECK(refusal({{"messages", {message({text("hi")}, "assistant")}}}).find("role") != std::string::npos);
  CHECK(refusal({{"message", message({text(" \n\t")})}}).find("no text") != std::string::npos);
  CHECK(refusal({{"message", message({{{"type", "text"}, {"text", 5}}})}}).find("parts[0].text") != std::string::npos);
  CHECK(refusal({{"message", message({{{"type", "tool-call"}}})}}).find("parts[0].type") != std::string::npos);
  CHECK(refusal({{"message", message({text("x"), {{"type", "file"}, {"mediaType", "application/pdf"}, {"url", "data:,"}}})}})
            .find("image") != std::string::npos);
  CHECK(refusal({{"message", message({text("x"), {{"type", "file"}, {"mediaType", "image/png"},
                                                   {"url", "https://example.com/a.png"}}})}})
            .find("data: URL") != std::string::npos);
  CHECK(refusal({{"message", {{"role", "user"}, {"parts", "hi"}}}}).find("parts") != std::string::npos);
}

}  // namespace
}  // namespace octobot::service
