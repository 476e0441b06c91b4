// Vocabulary of the HTTP client (lib/http/client.hpp): options, errors and the
// incremental response parser.
#pragma once
#include "lib/http/types.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace octobot::http {

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{10'000};  // each of: name resolution, connect, TLS handshake
  std::chrono::milliseconds write_timeout{30'000};    // writing one request
  std::chrono::milliseconds read_timeout{60'000};     // the response header, then each wait for body bytes
  std::size_t body_limit = 64 * 1024 * 1024;          // Client::send() only; streams are unbounded
  std::size_t max_idle_connections = 4;               // kept open for reuse
  // For https: the TLS context (CA store, client certificate). Not owned; must
  // outlive the client. When null, a context with the system CA store is used.
  asio::ssl::context* tls_context = nullptr;
  // Verify the server certificate chain and that it names the host. Turn off
  // only for explicit "insecure" modes.
  bool verify_peer = true;
};

struct ClientError {
  enum class Code {
    invalid_url,     // the base URL did not parse
    connect,         // name resolution or connection refused / unreachable
    tls,             // TLS handshake failed (including an untrusted certificate)
    timeout,         // an operation exceeded its ClientOptions timeout
    write,           // the request could not be written
    closed,          // the peer closed the connection before any response byte
    read,            // the connection failed while reading the response
    protocol,        // the response is not valid HTTP/1.1
    body_too_large,  // the response body exceeds ClientOptions::body_limit
  };
  Code code = Code::read;
  std::string message;  // names the endpoint and the cause
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// Parses a response whose body is handed out piece by piece.
using ResponseParser = beast::http::response_parser<beast::http::buffer_body>;

}  // namespace octobot::http
