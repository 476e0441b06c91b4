#include "proxy/cache/registry_route.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace octobot::proxy;

namespace {

const std::string kHex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const std::string kDigest = "sha256:" + kHex;

}  // namespace

TEST_CASE("blobs and manifests addressed by digest are matched", "[proxy][cache][route]") {
  const auto blob = match_registry_object("GET", "/v2/library/debian/blobs/" + kDigest);
  REQUIRE(blob);
  CHECK(blob->kind == RegistryObjectKind::blob);
  CHECK(blob->repository == "library/debian");
  CHECK(blob->digest == kDigest);
  CHECK_FALSE(blob->head);

  const auto manifest = match_registry_object("GET", "/v2/alpine/manifests/" + kDigest);
  REQUIRE(manifest);
  CHECK(manifest->kind == RegistryObjectKind::manifest);
  CHECK(manifest->repository == "alpine");
  CHECK(manifest->digest == kDigest);

  const auto nested = match_registry_object("GET", "/v2/ghcr.io/my-org/sub__dir/app--x/blobs/" + kDigest);
  REQUIRE(nested);
  CHECK(nested->repository == "ghcr.io/my-org/sub__dir/app--x");

  // A repository may itself be called "blobs" or "manifests": the last two segments decide.
  const auto tricky = match_registry_object("GET", "/v2/blobs/manifests/blobs/" + kDigest);
  REQUIRE(tricky);
  CHECK(tricky->kind == RegistryObjectKind::blob);
  CHECK(tricky->repository == "blobs/manifests");
}

TEST_CASE("HEAD is matched but flagged; other methods are not", "[proxy][cache][route]") {
  const auto head = match_registry_object("HEAD", "/v2/library/debian/blobs/" + kDigest);
  REQUIRE(head);
  CHECK(head->head);
  CHECK_FALSE(match_registry_object("POST", "/v2/library/debian/blobs/" + kDigest));
  CHECK_FALSE(match_registry_object("PUT", "/v2/library/debian/manifests/" + kDigest));
  CHECK_FALSE(match_registry_object("get", "/v2/library/debian/blobs/" + kDigest));
}

TEST_CASE("tags, other algorithms and malformed digests are not matched", "[proxy][cache][route]") {
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian/manifests/latest"));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian/manifests/bookworm-slim"));
  std::string upper = kHex;
  upper[0] = 'A';
  upper[63] = 'F';
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian/blobs/sha256:" + upper));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian/blobs/SHA256:" + kHex));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian/blobs/sha512:" + kHex + kHex));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian/blobs/sha256:" + kHex.substr(1)));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian/blobs/" + kDigest + "0"));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian/blobs/" + kHex));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian/blobs/uploads/"));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian/tags/list"));
}

TEST_CASE("bad repository names and paths are refused", "[proxy][cache][route]") {
  const std::string tail = "/blobs/" + kDigest;
  CHECK_FALSE(match_registry_object("GET", "/v2/../etc" + tail));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/../debian" + tail));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/./debian" + tail));
  CHECK_FALSE(match_registry_object("GET", "/v2/library//debian" + tail));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian/" + tail));
  CHECK_FALSE(match_registry_object("GET", "/v2/" + tail.substr(1)));  // no repository at all
  CHECK_FALSE(match_registry_object("GET", "/v2/library%2fdebian" + tail));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/Debian" + tail));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/-debian" + tail));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian." + tail));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/a___b" + tail));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian" + tail + "?ns=docker.io"));
  CHECK_FALSE(match_registry_object("GET", "/v2/library/debian/blobs/" + kDigest + "/"));
  CHECK_FALSE(match_registry_object("GET", "/v1/library/debian" + tail));
  CHECK_FALSE(match_registry_object("GET", "v2/library/debian" + tail));
  CHECK_FALSE(match_registry_object("GET", "http://registry/v2/library/debian" + tail));
  CHECK_FALSE(match_registry_object("GET", "/v2/" + std::string(256, 'a') + tail));
  CHECK(match_registry_object("GET", "/v2/" + std::string(255, 'a') + tail));
}

TEST_CASE("digest and repository name grammar", "[proxy][cache][route]") {
  CHECK(is_sha256_digest(kDigest));
  CHECK_FALSE(is_sha256_digest("sha256:"));
  CHECK_FALSE(is_sha256_digest(kHex));
  CHECK_FALSE(is_sha256_digest("sha256:" + kHex.substr(0, 63) + "g"));
  CHECK(is_repository_name("a"));
  CHECK(is_repository_name("a.b_c__d---e/f0"));
  CHECK_FALSE(is_repository_name(""));
  CHECK_FALSE(is_repository_name("a/"));
  CHECK_FALSE(is_repository_name("/a"));
  CHECK_FALSE(is_repository_name("a..b"));
  CHECK_FALSE(is_repository_name("a._b"));
}
