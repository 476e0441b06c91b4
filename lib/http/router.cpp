#include "lib/http/router.hpp"

#include <algorithm>

namespace octobot::http {

namespace {

// A path's non-empty segments, as views into it.
std::vector<std::string_view> split_view(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

bool is_capture(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Number of literal segments: more literals = more specific.
int specificity(const Route& route) {
  return static_cast<int>(std::count_if(route.segments.begin(), route.segments.end(),
                                        [](const std::string& s) { return !is_capture(s); }));
}

bool matches(const Route& route, const std::vector<std::string_view>& path) {
  if (route.segments.size() != path.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (!is_capture(route.segments[i]) && route.segments[i] != path[i]) return false;
  }
  return true;
}

PathParams capture(const Route& route, const std::vector<std::string_view>& path) {
  PathParams params;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& segment = route.segments[i];
    if (is_capture(segment)) params.emplace(segment.substr(1, segment.size() - 2), path[i]);
  }
  return params;
}

}  // namespace

void Router::add(Method method, std::string pattern, Handler handler, RouteOptions options) {
  auto views = split_view(pattern);
  Route route{method, pattern, {views.begin(), views.end()}, std::move(handler), std::move(options)};
  // Keep the most specific routes first so the first match wins.
  auto position = std::upper_bound(routes_.begin(), routes_.end(), route, [](const Route& a, const Route& b) {
    return specificity(a) > specificity(b);
  });
  routes_.insert(position, std::move(route));
}

RouteMatch Router::match(Method method, std::string_view path) const {
  RouteMatch result;
  auto query = path.find('?');
  auto segments = split_view(path.substr(0, query));
  for (const Route& route : routes_) {
    if (!matches(route, segments)) continue;
    if (route.method != method && !(method == Method::head && route.method == Method::get)) {
      result.method_not_allowed = true;
      continue;
    }
    result.route = &route;
    result.params = capture(route, segments);
    result.method_not_allowed = false;
    return result;
  }
  return result;
}

}  // namespace octobot::http
