#include "proxy/server/request_host.hpp"

namespace octobot::proxy {
namespace http = boost::beast::http;
namespace {

bool origin_form(std::string_view target) { return target.starts_with('/'); }

bool asterisk_form(const http::request_header<>& request) {
  return request.target() == "*" && request.method() == http::verb::options;
}

struct Refusal {
  std::string reason;
};

// The target the request goes upstream with (origin-form), or why its target is refused.
Expected<std::string, Refusal> upstream_target(const http::request_header<>& request,
                                                   const Destination& destination) {
  std::string_view target = request.target();
  if (origin_form(target) || asterisk_form(request)) return std::string(target);
  auto url = parse_absolute_url(target);
  if (!url) return Refusal{"the request target must be a path or an absolute http(s) URL"};
  if (url->destination != destination) {
    return Refusal{"the request target names " + authority_text(url->destination) + " but the request goes to " +
                   authority_text(destination)};
  }
  return std::move(url->origin_target);
}

// Nothing when the request has no Host or one naming `destination`; else why not.
Expected<void, std::string> check_host_field(const http::request_header<>& request, const Destination& destination,
                                             std::uint16_t default_port) {
  auto count = request.count(http::field::host);
  if (count == 0) return {};
  if (count > 1) return std::string("a request may have only one Host header");
  auto named = parse_host_header(request[http::field::host], default_port);
  if (!named) {
    return "the Host header is not a host name or address; the request goes to " + authority_text(destination);
  }
  if (*named != destination) {
    return "the Host header names " + authority_text(*named) + " but the request goes to " +
           authority_text(destination);
  }
  return {};
}

}  // namespace

Expected<void, std::string> bind_request_host(http::request_header<>& request, const Destination& destination,
                                              std::uint16_t default_port) {
  if (auto host = check_host_field(request, destination, default_port); !host) return host.error();
  auto target = upstream_target(request, destination);
  if (!target) return target.error().reason;
  request.target(*target);
  request.set(http::field::host, host_header_text(destination, default_port));
  return {};
}

bool request_names_host(const http::request_header<>& request, std::string_view host) {
  if (request.count(http::field::host) != 1) return false;
  if (!origin_form(request.target()) && !asterisk_form(request)) return false;
  constexpr std::uint16_t any_port = 1;  // the rule names a host, not a port
  auto named = parse_host_header(request[http::field::host], any_port);
  return named && named->host == host;
}

}  // namespace octobot::proxy
