#include "lib/http/json.hpp"

#include <catch2/catch.hpp>

using namespace octobot::http;

namespace {
Request json_request(std::string body, std::string type = "application/json") {
  Request request{Method::post, "/", 11};
  if (!type.empty()) request.set(Field::content_type, type);
  request.body() = std::move(body);
  return request;
}
}  // namespace

TEST_CASE("parse_json_object rejects what is not a JSON object", "[http][json]") {
  CHECK(parse_json_object(json_request(R"({"a":1})")).ok());
  CHECK(parse_json_object(json_request(R"({"a":1})", "application/json; charset=utf-8")).ok());
  CHECK(parse_json_object(json_request("{\"a\":")).error().code == "invalid_json");
  // A missing Content-Type is what a cross-site no-cors fetch() of a Blob sends.
  CHECK(parse_json_object(json_request(R"({"a":1})", "")).error().status == Status::unsupported_media_type);
  CHECK(parse_json_object(json_request("")).error().status == Status::bad_request);
  CHECK(parse_json_object(json_request("[1,2]")).error().code == "invalid_json");
  CHECK(parse_json_object(json_request("{}", "text/plain")).error().status == Status::unsupported_media_type);
}

TEST_CASE("error_response has the envelope", "[http][json]") {
  auto response = error_response(ApiError::conflict("taken"));
  CHECK(response.result() == Status::conflict);
  auto body = Json::parse(response.body());
  CHECK(body["error"]["code"] == "conflict");
  CHECK(body["error"]["message"] == "taken");
}
