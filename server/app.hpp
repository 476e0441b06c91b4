// App: the control-plane server assembled from its parts.
//
// create() opens the data directory (0700), the store (SQLite at
// <data-dir>/octobot.db, or PostgreSQL), the secret key, applies migrations and
// creates the single-user project. start() binds the listen address and starts
// serving on `threads` threads; run_until_signal() blocks until SIGINT/SIGTERM
// and shuts down gracefully. stop() does the same from code (tests).
#pragma once
#include "lib/result.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <filesystem>
#include <memory>
#include <string>

namespace octobot {

struct ServerSettings {
  std::string listen = "127.0.0.1:8080";
  std::filesystem::path data_dir;
  std::string database;             // "" → SQLite in data_dir; postgres://… → PostgreSQL
  std::string encryption_key_file;  // "" → <data_dir>/secret.key
  std::string encryption_key;       // base64 32 bytes; wins over the file
  std::string access_token;         // non-loopback only; "" → generated
  std::string public_url;           // "https://octobot.example.com" behind a front end; "" → none
  std::filesystem::path ui_dir;     // the built web UI; "" → api::default_ui_dir(this executable)
  int threads = 0;                  // 0 → one per core
  std::size_t max_connections = 1024;
  // Sandboxes (server/runtime, service/sandboxes.hpp).
  std::string docker_host;            // "" → $DOCKER_HOST or unix:///var/run/docker.sock
  std::string agent_image;            // "" → octobot/agent:<version>
  std::int64_t idle_timeout_s = 1800;
  std::int64_t approval_timeout_s = 600;  // an unanswered approval request is rejected after this
  std::int64_t ready_timeout_s = 60;
  std::string upstream_ca_files;      // comma-separated PEM files
  std::int64_t sandbox_memory_mb = 2048;
  std::int64_t sandbox_cpus = 2;
  std::int64_t sandbox_pids = 1024;
};

class App {
 public:
  static Expected<std::unique_ptr<App>, std::string> create(const ServerSettings& settings);
  ~App();

  // Binds and serves in background threads.
  Expected<void, std::string> start();
  // The URL to open (with ?token= when an access token is required). Print it
  // for the person at the terminal; never log it.
  std::string url() const;
  // The URLs other machines (a phone) can open, each with the token: --public-url's when given,
  // else one per non-loopback IPv4 address of this machine when listening on all of them, else
  // url(). Empty on a loopback address (no token, nothing to reach from elsewhere).
  std::vector<std::string> remote_urls() const;
  boost::asio::ip::tcp::endpoint endpoint() const;
  const std::string& access_token() const;
  // Blocks until SIGINT or SIGTERM, then shuts down gracefully.
  void run_until_signal();
  // Graceful shutdown; waits for the serving threads.
  void stop();

 private:
  struct Parts;
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

// "127.0.0.1:8080", "[::1]:80", "localhost:8080", "0.0.0.0:8080" → endpoint.
Expected<boost::asio::ip::tcp::endpoint, std::string> parse_listen_address(std::string_view text);

// $XDG_DATA_HOME/octobot or ~/.local/share/octobot.
std::filesystem::path default_data_dir();

}  // namespace octobot
