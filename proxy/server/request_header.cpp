#include "proxy/server/request_header.hpp"

#include "lib/http/request_framing.hpp"

namespace octobot::proxy {

std::optional<std::string> request_header_problem(const http::request_header<>& header) {
  // A missing Host is no problem here: the proxy sets it from the destination (request_host.hpp).
  return octobot::http::framing_problem(header, octobot::http::HostRule::optional);
}

HeaderRefusal refusal_for_read_error(const boost::system::error_code& error) {
  if (error == http::error::header_limit) return {431, "request header too large"};
  bool parse_error = error.category() == make_error_code(http::error::bad_target).category();
  if (!parse_error || error == http::error::end_of_stream) return {};  // gone, timed out, or a socket or TLS error
  return {400, "malformed request: " + error.message()};
}

}  // namespace octobot::proxy
