// server/forge: parsing remotes and the forges' default API bases. The adapters themselves are
// tested against tests/fixtures/fake_forge.py in tests/integration/session_tools_test.cpp.
#include "server/forge/forge.hpp"

#include <catch2/catch.hpp>

using namespace octobot::forge;

TEST_CASE("an https remote splits into host, port and repository path", "[forge]") {
  auto github = parse_https_remote("https://github.com/octo/demo.git");
  REQUIRE(github);
  CHECK(github->host == "github.com");
  CHECK(github->port == 443);
  CHECK(github->path == "octo/demo");
  auto nested = parse_https_remote("https://gitlab.example:8443/group/sub/demo/");
  REQUIRE(nested);
  CHECK(nested->port == 8443);
  CHECK(nested->path == "group/sub/demo");
  for (const std::string bad : {"http://github.com/o/r", "https://user:tok@github.com/o/r", "https://github.com/r",
                                "https://github.com/o/../r", "https://github.com:0/o/r", "https://github.com:x/o/r",
                                "ssh://git@github.com/o/r", "https://[::1]/o/r", "https://github.com/o/r?x=1"}) {
    INFO(bad);
    CHECK_FALSE(parse_https_remote(bad));
  }
}

TEST_CASE("each forge's public API base", "[forge]") {
  const RemoteRepository github{"github.com", 443, "o/r"};
  const RemoteRepository self_hosted{"git.example", 8443, "o/r"};
  CHECK(default_api_base("github", github) == "https://api.github.com");
  CHECK(default_api_base("github", self_hosted) == "https://git.example:8443/api/v3");
  CHECK(default_api_base("gitlab", self_hosted) == "https://git.example:8443/api/v4");
  CHECK(default_api_base("gitea", self_hosted) == "https://git.example:8443/api/v1");
  CHECK(is_forge_kind("gitea"));
  CHECK_FALSE(is_forge_kind("anthropic"));
  CHECK(make_forge(boost::asio::system_executor(), {"anthropic", "", "t", nullptr}) == nullptr);
}
