// Host allowlist matching (DESIGN.md §7).
//
// Host names are compared in canonical form: lowercase ASCII, no trailing
// dot, every label 1-63 characters of [a-z0-9-] (internationalized names must
// arrive as punycode, "xn--..."), at most 253 characters. Patterns are exact
// names or "*.domain", which matches any name below the domain (one or more
// labels) but not the domain itself: "*.github.com" allows "api.github.com"
// and "a.b.github.com", not "github.com" or "evilgithub.com".
#pragma once
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace octobot::proxy {

// The canonical form of a host name, or nullopt when it is not a valid name.
std::optional<std::string> canonical_host(std::string_view host);

class HostAllowlist {
 public:
  // Adds a pattern; false (and nothing added) when it is malformed.
  bool add(std::string_view pattern);
  // True when the canonical form of `host` matches a pattern.
  bool allows(std::string_view host) const;
  // The pattern that allows `host` ("*.github.com"), or "" when none does.
  std::string matching_pattern(std::string_view host) const;

 private:
  std::set<std::string, std::less<>> exact_;
  std::set<std::string, std::less<>> suffixes_;  // ".github.com" for "*.github.com"
};

}  // namespace octobot::proxy
