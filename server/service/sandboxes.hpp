// SandboxService: the life of a session's container (DESIGN.md §3, §4).
//
//   initializing → creating_sandbox → ready ⇄ running      (running: a turn; next issue)
//   ready → stopped (stop, idle timer, container died) → creating_sandbox → ready (start)
//   any → error (with a message a person can act on) → start retries
//   any → removing → removed (the row is deleted)
//
// Contract:
// - Only this service moves a session's status; every change is a
//   session.updated event (session.deleted with status "removed" at the end).
// - The request_* functions are called by request handlers (off the I/O
//   threads): they check the session, record what must happen and return at
//   once; the work runs in the background, one operation at a time per
//   session (SessionQueue).
// - Provisioning creates (or, after a restart of the server, reuses) the
//   container, starts it, waits until its agent API answers /health with the
//   session's token, pushes the egress policy with the real credential values
//   to the session's proxy, then marks the session ready. If the container
//   exits during set-up, the error is the agent's own message from its log.
// - Deleting never gets stuck: a failed removal is retried with back-off, and
//   start-up reconciliation finishes it after a restart.
// - push_policy() re-sends the project's egress policy to every ready session
//   of the project (a credential or the policy changed), within a second.
#pragma once
#include "server/runtime/runtime.hpp"
#include "server/runtime/sandbox_client.hpp"
#include "server/service/context.hpp"
#include "server/service/session_queue.hpp"

#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <vector>
#include <filesystem>
#include <chrono>

namespace octobot::service {

struct SandboxSettings {
  std::string image = "octobot/agent:0.1.0";
  runtime::ResourceLimits limits;
  std::chrono::seconds idle_timeout{30 * 60};  // 0: never stop idle sessions
  std::chrono::seconds ready_timeout{60};
  std::chrono::seconds stop_grace{10};
  std::string upstream_ca_file;  // host PEM bundle the session proxies trust upstream; "" → none
  std::string instance_id;       // labels this server's containers (octobot.instance)
  // Run when the image is missing at start-up (runtime/image_build.hpp); empty: only a warning.
  std::vector<std::string> image_build_command;
};

// Statuses of DESIGN.md §3.
namespace session_status {
inline constexpr const char* initializing = "initializing";
inline constexpr const char* creating_sandbox = "creating_sandbox";
inline constexpr const char* ready = "ready";
inline constexpr const char* running = "running";
inline constexpr const char* stopped = "stopped";
inline constexpr const char* error = "error";
inline constexpr const char* removing = "removing";
inline constexpr const char* removed = "removed";
}  // namespace session_status

// The ports and tokens the server reaches a session's agent API and proxy with.
runtime::SandboxAccess sandbox_access(const store::Session& session);

class SandboxService {
 public:
  SandboxService(Context& context, runtime::SandboxRuntime& runtime, SandboxSettings settings);

  // A new session: provision it in the background.
  void provision(const store::Session& session);
  Result<store::Session> request_stop(std::string_view project_id, std::string_view id);
  Result<store::Session> request_start(std::string_view project_id, std::string_view id);
  // Marks the session removing and removes its sandbox, then its row.
  Result<store::Session> request_remove(std::string_view project_id, std::string_view id);
  // Re-sends the egress policy to the project's ready sessions.
  void push_policy(std::string_view project_id);
  // A turn started (ready → running) or ended (running → ready), in the session's order of
  // operations; a session in any other status keeps it.
  void mark_running(const store::Session& session, bool running);
  // The session once its sandbox answers (ready or running): a stopped or failed one is started
  // first; invalid_state while it is being removed; unavailable when it does not come up within
  // `timeout` or fails to start (with its error). Polls the store every 100 ms.
  boost::asio::awaitable<Result<store::Session>> wait_until_ready(std::string project_id, std::string id,
                                                                  std::chrono::seconds timeout);

  // Start-up: re-attach, repair, clean up; then watch Docker's events and the idle timer.
  void start();
  // No new work; ends the watcher, the idle timer and waiting loops.
  void shutdown();

  const SandboxSettings& settings() const { return settings_; }

 private:
  using Session = store::Session;

  // Background duties (sandbox_supervision.cpp).
  boost::asio::awaitable<void> supervise();
  boost::asio::awaitable<void> reconcile();
  boost::asio::awaitable<void> watch_events();
  boost::asio::awaitable<void> stop_idle_sessions();
  boost::asio::awaitable<void> build_image();

  boost::asio::awaitable<void> provision_op(std::string project_id, std::string id);
  boost::asio::awaitable<void> stop_op(std::string project_id, std::string id, std::string reason);
  boost::asio::awaitable<void> remove_op(std::string project_id, std::string id);
  boost::asio::awaitable<void> died_op(std::string project_id, std::string id, std::string container, int exit_code);
  boost::asio::awaitable<void> reattach_op(std::string project_id, std::string id);
  boost::asio::awaitable<void> push_policy_op(std::string project_id, std::string id);
  boost::asio::awaitable<void> mark_running_op(std::string project_id, std::string id, bool running);

  boost::asio::awaitable<Result<>> bring_up(Session& session);
  boost::asio::awaitable<Result<>> wait_ready(Session& session);
  boost::asio::awaitable<Result<>> send_policy(const Session& session);
  boost::asio::awaitable<std::string> exit_reason(const std::string& container, int exit_code);

  boost::asio::awaitable<Result<Session>> load(std::string project_id, std::string id);
  boost::asio::awaitable<Result<>> save(Session& session);
  boost::asio::awaitable<void> set_status(Session& session, const char* status, std::string message = {});
  Result<runtime::SandboxSpec> sandbox_spec(const Session& session);
  // <data-dir>/snapshots/<session>: the committed copy of a plain-folder workspace.
  std::filesystem::path snapshot_dir(const std::string& session_id) const;
  Result<nlohmann::json> policy_for(const Session& session);
  void enqueue(const Session& session, std::function<boost::asio::awaitable<void>()> operation);

  Context& context_;
  runtime::SandboxRuntime& runtime_;
  runtime::SandboxClient client_;
  SandboxSettings settings_;
  SessionQueue queue_;
  std::atomic<bool> stopping_{false};
  std::int64_t started_at_ms_ = 0;  // sessions created since are not start-up reconciliation's
  std::atomic<bool> image_building_{false};  // provisioning waits while the image is looked for or built
  boost::asio::steady_timer idle_timer_;
  boost::asio::steady_timer watch_retry_timer_;
};

}  // namespace octobot::service
