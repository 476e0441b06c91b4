// ServiceFixture: a service::Context as the server assembles it (server/app.cpp),
// over a real SQLite store in a fresh temporary data directory, a real secret
// box, an event hub and a background pool; plus helpers to read the event log,
// to see whether the hub woke its subscribers, and to check domain errors.
#pragma once
#include "server/runtime/docker/docker_runtime.hpp"
#include "server/service/context.hpp"
#include "server/service/sandboxes.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace octobot::service::testing {

// A fresh directory under the system temp dir (canonical), removed at scope exit.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// "ok" or the name of the error code, so a failed CHECK reads well.
std::string code_name(Error::Code code);

template <class R>
std::string outcome(const R& result) {
  return result.ok() ? "ok" : code_name(result.error().code);
}

// "<code>/<detail>" of a failed result ("invalid/invalid_field"), "ok" otherwise.
template <class R>
std::string outcome_detail(const R& result) {
  if (result.ok()) return "ok";
  return code_name(result.error().code) + "/" + result.error().detail;
}

// The value of a result that must be ok (REQUIREd, with the error message).
template <class T>
T must(Result<T> result) {
  INFO((result.ok() ? std::string() : result.error().message));
  REQUIRE(result.ok());
  return std::move(result.value());
}
inline void must(Result<> result) {
  INFO((result.ok() ? std::string() : result.error().message));
  REQUIRE(result.ok());
}

class ServiceFixture {
 public:
  ServiceFixture();
  ~ServiceFixture();

  // The id of the newest event in the log: pass it to events_since().
  std::int64_t last_event_id();
  // The events of `project_id` appended after `after_id`, oldest first.
  std::vector<store::Event> events_since(const std::string& project_id, std::int64_t after_id);
  std::vector<std::string> event_types_since(const std::string& project_id, std::int64_t after_id);

  // True when the hub has woken its subscribers since the last call.
  bool notified();

  // Waits (up to 60 s) until the workspace's status is none of initializing
  // and cloning, and returns it.
  store::Workspace settled_workspace(const std::string& project_id, const std::string& id);

  // A project owned by the anonymous user, created with ProjectService.
  std::string add_project(const std::string& name);
  // A ready local workspace in the project, on a new folder <user_files>/<name>.
  store::Workspace add_local_workspace(const std::string& project_id, const std::string& name);

  TempDir data_dir;    // the server's data directory (the store, mirrors)
  TempDir user_files;  // the user's own folders, for local workspaces
  std::unique_ptr<store::Store> store;
  events::EventHub hub;
  crypto::SecretBox secrets;
  boost::asio::io_context io;
  boost::asio::thread_pool background{1};
  boost::asio::thread_pool blocking{1};
  std::int64_t clock_ms = 1'700'000'000'000;  // each now_ms() call advances it by 1
  Context context;
  // Sandbox work is queued on an I/O context these tests never run: what it
  // does against real Docker is tested in tests/integration (sandbox tests).
  boost::asio::io_context sandbox_io;
  Context sandbox_context;
  runtime::DockerRuntime runtime;
  SandboxService sandboxes;

 private:
  std::shared_ptr<events::EventHub::Subscription> subscription_;
};

}  // namespace octobot::service::testing
