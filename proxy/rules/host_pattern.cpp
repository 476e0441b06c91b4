#include "proxy/rules/host_pattern.hpp"

#include <algorithm>

namespace octobot::proxy {

namespace {

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

}  // namespace

std::optional<std::string> canonical_host(std::string_view host) {
  if (host.ends_with('.')) host.remove_suffix(1);
  if (host.empty() || host.size() > 253) return std::nullopt;
  std::string lower(host);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : static_cast<char>(c); });
  std::string_view rest = lower;
  while (true) {
    auto dot = rest.find('.');
    if (!valid_label(rest.substr(0, dot))) return std::nullopt;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return lower;
}

bool HostAllowlist::add(std::string_view pattern) {
  bool glob = pattern.starts_with("*.");
  auto name = canonical_host(glob ? pattern.substr(2) : pattern);
  if (!name) return false;
  if (glob) {
    suffixes_.insert("." + *name);
  } else {
    exact_.insert(*name);
  }
  return true;
}

bool HostAllowlist::allows(std::string_view host) const { return !matching_pattern(host).empty(); }

std::string HostAllowlist::matching_pattern(std::string_view host) const {
  auto name = canonical_host(host);
  if (!name) return "";
  if (exact_.contains(*name)) return *name;
  // Try every parent domain: a.b.github.com → .b.github.com, .github.com, .com
  for (std::size_t dot = name->find('.'); dot != std::string::npos; dot = name->find('.', dot + 1)) {
    std::string_view suffix = std::string_view(*name).substr(dot);
    if (suffixes_.contains(suffix)) return "*" + std::string(suffix);
  }
  return "";
}

}  // namespace octobot::proxy
