// Recognises the Docker registry (distribution spec v2) requests whose
// responses are addressed by content and so may be served from the cache:
//   GET /v2/<name>/blobs/sha256:<hex>
//   GET /v2/<name>/manifests/sha256:<hex>   (a manifest fetched by digest)
//
// Contract:
// - `path` is the origin-form path without the query string; a '?' anywhere
//   means the caller did not strip it and the request is not matched.
// - Only GET and HEAD match (method names are case-sensitive); HEAD is flagged
//   with `head == true` because it carries no body to cache.
// - <name> follows the distribution spec: components separated by '/', each
//   [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*, at most 255 characters in all. So
//   empty components, "..", "%"-escapes, uppercase and trailing slashes are
//   all refused.
// - The reference must be exactly "sha256:" followed by 64 lowercase hex
//   digits; a tag, another algorithm or uppercase hex gives nullopt.
// - Never throws (except std::bad_alloc).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace octobot::proxy {

enum class RegistryObjectKind { blob, manifest };

struct RegistryObject {
  RegistryObjectKind kind = RegistryObjectKind::blob;
  std::string repository;  // e.g. "library/debian"
  std::string digest;      // "sha256:<64 lowercase hex>"
  bool head = false;       // true for HEAD: answer from the cache, but there is nothing to fill
};

std::optional<RegistryObject> match_registry_object(std::string_view method, std::string_view path);

// True for "sha256:" followed by exactly 64 lowercase hex digits.
bool is_sha256_digest(std::string_view digest);

// A repository name as the distribution spec defines it (see above).
bool is_repository_name(std::string_view name);

}  // namespace octobot::proxy
