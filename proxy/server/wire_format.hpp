// The bytes a relayed HTTP/1.1 message goes out as: its (rewritten) header,
// then its body in the framing that header declares.
//
// Contract:
// - append_header() appends "<start line>\r\n<name>: <value>\r\n...\r\n" with
//   the fields in their order, the message's own version and, for responses,
//   its reason (or the standard one when it had none).
// - body_framing() must be called right after the header was parsed, before
//   any body byte: `none` when the parser expects no body at all (a response
//   to HEAD, 1xx, 204, 304, a request without length), else `chunked` when
//   the outgoing header says chunked, else `as_is` (Content-Length, or a
//   response delimited by the end of the connection).
// - append_body() appends body bytes in that framing: each non-empty piece as
//   one chunk when chunked, unchanged otherwise, nothing for `none`.
//   append_body_end() appends the last chunk ("0\r\n\r\n") when chunked.
#pragma once
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>

#include <string>
#include <string_view>

namespace octobot::proxy {

enum class BodyFraming { none, chunked, as_is };

void append_header(std::string& out, const boost::beast::http::request_header<>& header);
void append_header(std::string& out, const boost::beast::http::response_header<>& header);

template <bool IsRequest, class Body>
BodyFraming body_framing(const boost::beast::http::parser<IsRequest, Body>& parser) {
  if (parser.is_done()) return BodyFraming::none;
  return parser.get().chunked() ? BodyFraming::chunked : BodyFraming::as_is;
}

void append_body(std::string& out, BodyFraming framing, std::string_view bytes);
void append_body_end(std::string& out, BodyFraming framing);

}  // namespace octobot::proxy
