#include "proxy/cache/registry_route.hpp"

#include <algorithm>

namespace octobot::proxy {
namespace {

constexpr std::string_view kApiPrefix = "/v2/";
constexpr std::string_view kSha256Prefix = "sha256:";
constexpr std::size_t kMaxRepositoryLength = 255;

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// Length of the separator starting at `text[at]` ('.', '_', '__' or '-+'), 0 if none.
std::size_t separator_length(std::string_view text, std::size_t at) {
  const char c = text[at];
  if (c == '.') return 1;
  if (c == '_') return at + 1 < text.size() && text[at + 1] == '_' ? 2 : 1;
  if (c != '-') return 0;
  std::size_t end = at;
  while (end < text.size() && text[end] == '-') ++end;
  return end - at;
}

// [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*
bool is_path_component(std::string_view component) {
  std::size_t at = 0;
  bool expect_alnum_run = true;
  while (at < component.size()) {
    if (expect_alnum_run) {
      const std::size_t start = at;
      while (at < component.size() && is_lower_alnum(component[at])) ++at;
      if (at == start) return false;
    } else {
      const std::size_t length = separator_length(component, at);
      if (length == 0) return false;
      at += length;
    }
    expect_alnum_run = !expect_alnum_run;
  }
  return !expect_alnum_run;  // ends after an alphanumeric run (and is non-empty)
}

std::optional<RegistryObjectKind> kind_from_segment(std::string_view segment) {
  if (segment == "blobs") return RegistryObjectKind::blob;
  if (segment == "manifests") return RegistryObjectKind::manifest;
  return std::nullopt;
}

}  // namespace

bool is_sha256_digest(std::string_view digest) {
  if (!digest.starts_with(kSha256Prefix)) return false;
  const std::string_view hex = digest.substr(kSha256Prefix.size());
  return hex.size() == 64 && std::all_of(hex.begin(), hex.end(), is_lower_hex);
}

bool is_repository_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxRepositoryLength) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = name.find('/', start);
    const std::string_view component = name.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (!is_path_component(component)) return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

std::optional<RegistryObject> match_registry_object(std::string_view method, std::string_view path) {
  const bool head = method == "HEAD";
  if (method != "GET" && !head) return std::nullopt;
  if (!path.starts_with(kApiPrefix)) return std::nullopt;
  const std::string_view rest = path.substr(kApiPrefix.size());

  const std::size_t reference_slash = rest.rfind('/');
  if (reference_slash == std::string_view::npos) return std::nullopt;
  const std::string_view reference = rest.substr(reference_slash + 1);
  const std::string_view before_reference = rest.substr(0, reference_slash);

  const std::size_t kind_slash = before_reference.rfind('/');
  if (kind_slash == std::string_view::npos) return std::nullopt;
  const auto kind = kind_from_segment(before_reference.substr(kind_slash + 1));
  const std::string_view repository = before_reference.substr(0, kind_slash);

  if (!kind || !is_sha256_digest(reference) || !is_repository_name(repository)) return std::nullopt;
  return RegistryObject{*kind, std::string(repository), std::string(reference), head};
}

}  // namespace octobot::proxy
