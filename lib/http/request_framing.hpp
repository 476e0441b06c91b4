// Request framing: the header fields that decide where a request ends
// (RFC 9112 §6.1, §6.3) and which host it is for (§3.2). The server and the
// proxy check every request they read with framing_problem().
//
// Beast's parser takes a request whose final transfer coding is not
// "chunked" (e.g. "xchunked", "chunked, identity", "\"chunked\"") for one
// without a body, accepts Transfer-Encoding with Content-Length when
// Transfer-Encoding comes first, and accepts repeated equal Content-Lengths;
// the body would then be read as the next request (request smuggling).
// Refused:
//  - Transfer-Encoding other than exactly one field holding the single coding
//    "chunked" (any case, surrounding spaces allowed);
//  - Transfer-Encoding in an HTTP/1.0 request, or together with Content-Length;
//  - more than one Content-Length field, or one holding a list ("5, 5");
//  - more than one Host field; with HostRule::required, an HTTP/1.1 request
//    without one (a proxy sets a missing Host itself: HostRule::optional).
// What remains has one unambiguous framing: chunked, one Content-Length, or
// no body. The answer to a refused request is 400, and the connection closes.
#pragma once
#include "lib/http/types.hpp"

#include <optional>
#include <string>

namespace octobot::http {

enum class HostRule { required, optional };

// Why the request must be refused (a message a person can act on), or nullopt.
std::optional<std::string> framing_problem(const beast::http::request_header<>& header,
                                           HostRule host_rule = HostRule::required);

}  // namespace octobot::http
