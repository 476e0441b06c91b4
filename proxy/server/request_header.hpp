// Reading a client's request header: the one place where every front end
// (absolute-form requests on the proxy port, requests inside intercepted
// connections) gets its requests, so that all of them get the same checks
// before anything is relayed.
//
// Contract:
// - read_request_header() reads one header into `parser` (header_limit from
//   the limits, no body limit) from the bytes in `buffer` and then `stream`.
//   It succeeds only for a header that request_header_problem() accepts.
//   Otherwise it returns a HeaderRefusal: status 431 (header too large) or
//   400 (malformed, or refused framing) with a message for the client and
//   the access log, or status 0 when the client went away, timed out or the
//   stream failed (nothing to answer). After any refusal the caller closes
//   the connection: the bytes that follow cannot be trusted to start a request.
// - request_header_problem() says why a parsed request header must be refused:
//   http::framing_problem() (lib/http/request_framing.hpp: no transfer coding
//   but a lone "chunked", no Transfer-Encoding with Content-Length, one
//   Content-Length, one Host), a missing Host being allowed.
#pragma once
#include "proxy/config/proxy_config.hpp"
#include "proxy/server/relay.hpp"

#include <optional>
#include <string>

namespace octobot::proxy {

struct HeaderRefusal {
  unsigned status = 0;  // 400 or 431; 0: the client is gone, answer nothing
  std::string message;  // for the client and the access log ("" when status is 0)
};

std::optional<std::string> request_header_problem(const http::request_header<>& header);

// The refusal for an error of http::async_read_header on a client stream.
HeaderRefusal refusal_for_read_error(const boost::system::error_code& error);

template <class Stream>
asio::awaitable<Expected<void, HeaderRefusal>> read_request_header(Stream& stream, beast::flat_buffer& buffer,
                                                                   http::request_parser<http::empty_body>& parser,
                                                                   const LimitsConfig& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
  parser.body_limit(boost::none);
  auto [error, bytes] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
  if (error) co_return refusal_for_read_error(error);
  if (auto problem = request_header_problem(parser.get())) co_return HeaderRefusal{400, *problem};
  co_return Expected<void, HeaderRefusal>{};
}

}  // namespace octobot::proxy
