// ServerFixture: a fresh Octobot server per test case, running in this process
// and reached over real HTTP.
//
// Contract:
// - The constructor makes a new temporary data directory, a fresh database
//   (TestBackend: SQLite in the data directory, or a new PostgreSQL database)
//   and a scratch directory for the test's own files, then creates and starts
//   octobot::App listening on `listen` (default 127.0.0.1:0), with a Docker
//   address that does not exist (sessions go to "error" at once) unless
//   `adjust` sets docker_host. Every failure
//   REQUIREs. The destructor stops the server and removes both directories
//   and the database.
// - Requests go only to 127.0.0.1:<bound port>, also when the server listens on
//   0.0.0.0. Each call() uses a new connection and REQUIREs that an HTTP
//   response arrived (any status).
// - call() with a JSON body sends it with Content-Type: application/json;
//   call_raw() sends the body bytes with exactly the headers given.
// - Checks: expect_error() asserts the status, the envelope
//   {"error":{"code","message"}} with nothing else in it, the code and a
//   non-empty message. expect_documented() asserts that the status is
//   documented for (method, path pattern) in proto/openapi.yaml and that the
//   body matches the documented schema.
// - State helpers: create_*() go through the API and REQUIRE 201
//   (create_session() also waits until the session's provisioning ended); items()
//   REQUIREs 200 and returns the "items" array. expect_no_change(project,
//   action) asserts that `action` (requests that must fail) leaves the
//   project's workspaces, sessions, agents and credentials as they were and
//   appends no event to its log; it renames the project to mark the log, so
//   the project's name changes.
#pragma once
#include "lib/http/client.hpp"
#include "server/app.hpp"
#include "tests/integration/sse_reader.hpp"
#include "tests/integration/test_backend.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace octobot::testing {

using Json = nlohmann::json;
using http::Method;

struct ApiResponse {
  unsigned status = 0;
  Json body;                                   // null when empty or not JSON
  std::string raw;                             // the body as received
  std::map<std::string, std::string> headers;  // names lowercased

  std::string header(const std::string& lowercase_name) const;
};

// A new directory under the system temp dir, removed (with its content) on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "octobot-api-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class ServerFixture {
 public:
  ServerFixture() : ServerFixture("127.0.0.1:0") {}
  // `adjust` may change the settings (limits, token) before the server is created.
  explicit ServerFixture(const std::string& listen, const std::function<void(ServerSettings&)>& adjust = {});
  ~ServerFixture();

  ApiResponse call(Method method, const std::string& target, const Json& body = nullptr,
                   const http::Headers& headers = {});
  ApiResponse call_raw(Method method, const std::string& target, std::string body, const http::Headers& headers = {});

  // "http://127.0.0.1:<port>".
  const std::string& base_url() const { return base_url_; }
  std::uint16_t port() const { return port_; }
  App& app() { return *app_; }
  const TestBackend& backend() const { return backend_; }
  const std::filesystem::path& data_dir() const { return data_dir_.path(); }
  const std::filesystem::path& scratch() const { return scratch_.path(); }
  // Stops and destroys the server (its database connections closed, files flushed).
  void shut_down();

  // Resource helpers (through the API; REQUIRE 201).
  std::string create_project(const std::string& name);
  std::filesystem::path make_folder(const std::string& name);
  Json create_workspace(const std::string& project, const std::string& display_name);
  Json create_agent(const std::string& project, const std::string& name, Json extra = Json::object());
  Json create_session(const std::string& project, const std::string& workspace_id, const std::string& name,
                      Json extra = Json::object());
  // The session once provisioning has ended (any status but initializing and
  // creating_sandbox); REQUIREs that it ends within `timeout`.
  Json settled_session(const std::string& project, const std::string& id,
                       std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // REQUIREs that GET of the session answers 404 within `timeout` (a removal ended).
  void wait_until_deleted(const std::string& project, const std::string& id,
                          std::chrono::milliseconds timeout = std::chrono::seconds(30));
  Json create_credential(const std::string& project, const std::string& name, const std::string& api_key);
  Json items(const std::string& target);

  void expect_no_change(const std::string& project, const std::function<void()>& action);

 private:
  Json snapshot(const std::string& project);
  // Marks the project's log (a rename) and returns the events after `after_id` up to the marker's.
  std::vector<SseFrame> events_through_marker(const std::string& project, std::int64_t after_id);

  TestBackend backend_;
  TempDir data_dir_;
  TempDir scratch_;
  std::unique_ptr<App> app_;
  std::uint16_t port_ = 0;
  std::string base_url_;
  int markers_ = 0;
};

void expect_error(const ApiResponse& response, unsigned status, const std::string& code);
void expect_documented(const ApiResponse& response, const std::string& method, const std::string& path_pattern);

}  // namespace octobot::testing
