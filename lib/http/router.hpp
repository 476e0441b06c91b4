// Router: maps (method, path) to a handler with path parameters.
//
// Patterns are literal segments and {name} captures, e.g. "/api/projects/{projectId}".
// A capture matches one non-empty segment. Literal segments win over captures when
// two patterns could match. match() reports 405 (path known, method not) separately
// from 404. Each route carries its options: body limit and middleware run in order
// before the handler; a middleware that returns a Response short-circuits.
#pragma once
#include "lib/http/types.hpp"

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace octobot::http {

class Exchange;

using Handler = std::function<asio::awaitable<Response>(Exchange&)>;
using Middleware = std::function<asio::awaitable<std::optional<Response>>(Exchange&)>;

constexpr std::size_t kDefaultBodyLimit = 10 * 1024 * 1024;

struct RouteOptions {
  std::size_t body_limit = kDefaultBodyLimit;
  std::vector<Middleware> middleware;
};

struct Route {
  Method method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteOptions options;
};

struct RouteMatch {
  const Route* route = nullptr;   // null when nothing matched
  bool method_not_allowed = false;  // the path exists for another method
  PathParams params;
};

class Router {
 public:
  void add(Method method, std::string pattern, Handler handler, RouteOptions options = {});
  RouteMatch match(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace octobot::http
