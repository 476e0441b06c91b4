// server/service/wire: what of a stored record reaches a client.
#include "server/service/wire.hpp"

#include <catch2/catch.hpp>

using namespace octobot;

TEST_CASE("wire views never carry secrets or internal columns", "[service][wire]") {
  store::Credential credential{"c1", "p1", "anthropic", "main", "SEALED-CIPHERTEXT", R"(["api.anthropic.com"])", "abcd", 0};
  auto view = proto::to_json(wire::to_wire(credential));
  CHECK(view["hosts"][0] == "api.anthropic.com");
  CHECK(view["last4"] == "abcd");
  CHECK(wire::render(credential).find("SEALED") == std::string::npos);

  store::Workspace workspace;
  workspace.mirror_path = "/var/lib/octobot/mirrors/secret-layout.git";
  CHECK(wire::render(workspace).find("mirrors") == std::string::npos);
}

TEST_CASE("wire lists render every record in order", "[service][wire]") {
  std::vector<store::Project> projects{{"a", "first", 0, 0}, {"b", "second", 0, 0}};
  auto json = nlohmann::json::parse(wire::render_items(projects));
  REQUIRE(json["items"].size() == 2);
  CHECK(json["items"][1]["name"] == "second");
  CHECK(nlohmann::json::parse(wire::render_items(std::vector<store::Project>{}))["items"].empty());
}
