#include "tests/integration/bad_bodies.hpp"

#include <catch2/catch.hpp>

namespace octobot::testing {

namespace {

// A value of another JSON type than `value`.
Json wrong_type_for(const Json& value) {
  if (value.is_string()) return 42;
  if (value.is_boolean()) return "yes";
  if (value.is_number()) return "seven";
  if (value.is_array()) return Json::object();
  return Json::array();
}

void expect_names(const ApiResponse& response, const std::string& field) {
  INFO(response.raw);
  CHECK(response.body["error"].value("message", "").find(field) != std::string::npos);
}

}  // namespace

void expect_bad_bodies_rejected(ServerFixture& server, Method method, const std::string& target, const Json& valid,
                                const std::vector<std::string>& required) {
  const http::Headers json = {{"Content-Type", "application/json"}};
  for (const std::string& body :
       std::vector<std::string>{"{", "{\"name\": }", "", "[]", "[1,2]", "\"text\"", "42", "null", "{\"a\":1}}"}) {
    INFO("body: " << body);
    expect_error(server.call_raw(method, target, body, json), 400, "invalid_json");
  }
  {
    INFO("Content-Type: text/plain");
    expect_error(server.call_raw(method, target, valid.dump(), {{"Content-Type", "text/plain"}}), 415,
                 "unsupported_media_type");
  }
  {
    Json extra = valid;
    extra["bogusField"] = 1;
    auto response = server.call(method, target, extra);
    expect_error(response, 400, "unknown_field");
    expect_names(response, "bogusField");
  }
  for (const std::string& field : required) {
    INFO("without " << field);
    Json missing = valid;
    missing.erase(field);
    auto response = server.call(method, target, missing);
    expect_error(response, 400, "invalid_field");
    expect_names(response, field);
  }
  for (const auto& [field, value] : valid.items()) {
    INFO(field << " with a wrong type");
    Json wrong = valid;
    wrong[field] = wrong_type_for(value);
    auto response = server.call(method, target, wrong);
    expect_error(response, 400, "invalid_field");
    expect_names(response, field);
  }
}

}  // namespace octobot::testing
