// lib/json/object_reader: strict reading of a JSON object's fields.
#include "lib/json/object_reader.hpp"

#include <catch2/catch.hpp>

using namespace octobot::json;

TEST_CASE("ObjectReader names the field at fault", "[json]") {
  SECTION("wrong type") {
    Json body = Json::parse(R"({"name": 5})");
    ObjectReader reader(body);
    reader.required_string("name");
    auto error = reader.finish();
    REQUIRE(error);
    CHECK(error->code == "invalid_field");
    CHECK(error->message == "field \"name\" must be a string");
  }
  SECTION("missing") {
    Json body = Json::object();
    ObjectReader reader(body);
    reader.required_string("path");
    CHECK(reader.finish()->message == "field \"path\" is required");
  }
  SECTION("unknown") {
    Json body = Json::parse(R"({"name": "x", "nmae": "y"})");
    ObjectReader reader(body);
    reader.required_string("name");
    auto error = reader.finish();
    REQUIRE(error);
    CHECK(error->code == "unknown_field");
    CHECK(error->message.find("nmae") != std::string::npos);
  }
  SECTION("nested map values") {
    Json body = Json::parse(R"({"env": {"A": "1", "B": 2}})");
    ObjectReader reader(body);
    reader.optional_string_map("env");
    CHECK(reader.finish()->message == "field \"env.B\" must be a string");
  }
  SECTION("valid") {
    Json body = Json::parse(R"({"name": "x", "isDefault": true, "args": ["a"]})");
    ObjectReader reader(body);
    CHECK(reader.required_string("name") == "x");
    CHECK(reader.optional_bool("isDefault") == true);
    CHECK(reader.optional_string_list("args")->at(0) == "a");
    CHECK_FALSE(reader.finish());
  }
}
