// The proxy's access log: one JSON line per HTTP request or tunnel.
//
// Contract: write() renders the entry and appends it with a single write()
// under a lock, so lines never interleave. `path` must already be stripped of
// its query string and nothing in an entry may hold a credential: callers
// fill it from parsed request fields, never from raw header values.
// A failed write is dropped (logging must never stop traffic).
#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace octobot::proxy {

struct AccessEntry {
  std::string client;    // "127.0.0.1:53422"
  std::string protocol;  // "http", "connect", "socks5", "mitm"
  std::string method;    // "GET", "CONNECT", ...
  std::string host;
  std::uint16_t port = 0;
  std::string path;      // origin-form path without the query string
  unsigned status = 0;   // HTTP status (tunnels: the status of the CONNECT reply; SOCKS5: 200 or 403/502)
  std::uint64_t bytes_up = 0;    // client → upstream
  std::uint64_t bytes_down = 0;  // upstream → client
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::string decision;  // allow, deny, mitm, tunnel, cache-hit, error
  std::string rule;      // the allow pattern or rule host that decided, "" if none
  std::string error;     // why it failed, "" when it did not
};

class AccessLog {
 public:
  // "-" writes to stdout; anything else is a file opened for append (0600).
  // An unopenable file falls back to stderr with a warning.
  explicit AccessLog(const std::string& destination);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write(const AccessEntry& entry);

 private:
  std::mutex mutex_;
  int fd_;
  bool owns_fd_;
};

// "/v2/x?token=y" → "/v2/x"; also drops a fragment.
std::string path_without_query(std::string_view target);

}  // namespace octobot::proxy
