// Exchange: one request as a handler sees it.
//
// Gives the request, path parameters, query parameters, the request id, the
// client address and a per-request bag of values that middleware hands to the
// handler (e.g. the authenticated principal). A handler that streams (SSE,
// WebSocket) calls take_stream(): from then on the connection belongs to the
// handler, the server writes no response and reads no further request, and it
// closes the stream on shutdown.
#pragma once
#include "lib/http/types.hpp"

#include <any>
#include <optional>
#include <string>

namespace octobot::http {

class Exchange {
 public:
  // stream_taken is the connection's flag that take_stream() sets.
  Exchange(Request& request, PathParams params, std::string request_id,
           std::string route_pattern, Stream& stream, bool& stream_taken);

  Request& request() { return request_; }
  const Request& request() const { return request_; }
  // The captured path parameter, or "" when the route has no such capture.
  std::string_view param(std::string_view name) const;
  // Decoded query parameter (first occurrence), or nullopt when absent. A value
  // with a malformed %-escape is returned undecoded, for its validator to reject.
  std::optional<std::string> query(std::string_view name) const;
  const std::string& request_id() const { return request_id_; }
  const std::string& route_pattern() const { return route_pattern_; }
  // The peer's IP address on a TCP connection. A unix-domain peer has none: it
  // gets the unspecified address (0.0.0.0), as does a peer that is already
  // gone; never loopback, so no check mistakes it for a trusted local client.
  asio::ip::address remote_address() const;

  // Values set by middleware for the handler. get<T> returns null when absent
  // or of another type.
  template <class T>
  void set(std::string key, T value) { locals_[std::move(key)] = std::move(value); }
  template <class T>
  const T* get(std::string_view key) const {
    auto it = locals_.find(key);
    return it == locals_.end() ? nullptr : std::any_cast<T>(&it->second);
  }

  Stream& take_stream();
  bool stream_taken() const { return stream_taken_; }

 private:
  Request& request_;
  PathParams params_;
  std::string request_id_;
  std::string route_pattern_;
  Stream& stream_;
  bool& stream_taken_;
  std::map<std::string, std::any, std::less<>> locals_;
};

// Percent-decodes a URL component; nullopt on a malformed escape.
std::optional<std::string> url_decode(std::string_view text);

}  // namespace octobot::http
