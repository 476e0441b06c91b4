#include "server/auth/cross_site.hpp"

namespace octobot::auth {

namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool changes_state(http::Method method) {
  return method != http::Method::get && method != http::Method::head && method != http::Method::options;
}

}  // namespace

std::optional<std::string> origin_of_url(std::string_view url) {
  std::string lower = lowercase(url);
  std::string_view text = lower;
  std::string_view scheme;
  if (text.starts_with("http://")) {
    scheme = "http";
  } else if (text.starts_with("https://")) {
    scheme = "https";
  } else {
    return std::nullopt;
  }
  text.remove_prefix(scheme.size() + 3);
  std::string_view authority = text.substr(0, text.find_first_of("/?#"));
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view default_port = scheme == "http" ? ":80" : ":443";
  if (authority.ends_with(default_port)) authority.remove_suffix(default_port.size());
  return std::string(scheme) + "://" + std::string(authority);
}

CrossSitePolicy::CrossSitePolicy(std::vector<std::string> public_origins) : public_origins_(std::move(public_origins)) {}

bool CrossSitePolicy::is_own_origin(std::string_view origin, std::string_view host) const {
  auto given = origin_of_url(origin);
  if (!given) return false;  // "null" and anything that is not an http(s) origin
  if (!host.empty() && *given == origin_of_url("http://" + std::string(host))) return true;
  return std::find(public_origins_.begin(), public_origins_.end(), *given) != public_origins_.end();
}

std::optional<http::ApiError> CrossSitePolicy::check(const http::Request& request) const {
  if (!changes_state(request.method())) return std::nullopt;
  return check_origin(request);
}

std::optional<http::ApiError> CrossSitePolicy::check_websocket(const http::Request& request) const {
  return check_origin(request);
}

std::optional<http::ApiError> CrossSitePolicy::check_origin(const http::Request& request) const {
  std::string_view fetch_site = request["Sec-Fetch-Site"];
  if (!fetch_site.empty() && !boost::beast::iequals(fetch_site, "same-origin") && !boost::beast::iequals(fetch_site, "none")) {
    return http::ApiError::forbidden("cross-site request refused: a page of another site (Sec-Fetch-Site: " +
                                     std::string(fetch_site.substr(0, 40)) + ") cannot change this server's state");
  }
  auto origin = request.find(http::Field::origin);
  if (origin != request.end() && !is_own_origin(origin->value(), request[http::Field::host])) {
    return http::ApiError::forbidden("cross-site request refused: Origin \"" +
                                     std::string(origin->value().substr(0, 100)) +
                                     "\" is not this server's origin; behind a proxy, start the server with --public-url");
  }
  return std::nullopt;
}

}  // namespace octobot::auth
