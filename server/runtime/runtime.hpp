// SandboxRuntime: where session containers live (DESIGN.md §4). The service
// layer provisions, stops, restarts and removes sessions through this
// interface only; DockerRuntime (docker/) implements it over the Engine API,
// and a Kubernetes runtime could implement it for clusters.
//
// Contract:
// - Every operation is a coroutine that never blocks its thread; failures are
//   values (RuntimeError) with a message a person can act on ("Docker is not
//   running: cannot connect to /var/run/docker.sock").
// - A session's container and volume are named from the session id
//   (container_name(), volume_name()) and carry the labels octobot.managed,
//   octobot.session and octobot.project, so they are found again after a
//   restart of the server.
// - remove() removes the container and its volume and succeeds when they are
//   already gone (it is what finishes an interrupted delete).
// - A SandboxSpec holds no secret: tokens enter as hashes.
#pragma once
#include "lib/result.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace octobot::runtime {

struct RuntimeError {
  enum class Code {
    not_found,    // no such container or image
    unavailable,  // Docker is missing, not running or too old
    failed,       // Docker refused or failed the operation
  };
  Code code = Code::failed;
  std::string message;
};

template <class T = void>
using Result = Expected<T, RuntimeError>;

struct ResourceLimits {
  std::int64_t memory_bytes = 2LL << 30;  // 2 GiB
  std::int64_t nano_cpus = 2'000'000'000;  // 2 CPUs
  std::int64_t pids = 1024;
};

struct SandboxSpec {
  std::string session_id;
  std::string project_id;
  std::string image;
  std::string instance_id;       // the server that owns it (label octobot.instance)
  std::string source_dir;        // host directory mounted read-only at /src; "" → none
  std::string upstream_ca_file;  // host PEM file mounted at kUpstreamCaPath; "" → none
  std::vector<std::string> env;  // "NAME=value"; hashes and ids only, never a raw secret
  ResourceLimits limits;
};

// Ports inside the container and where the upstream CA file is mounted.
inline constexpr std::uint16_t kAgentApiPort = 3002;
inline constexpr std::uint16_t kProxyControlPort = 17081;
inline constexpr const char* kUpstreamCaPath = "/etc/octobot/upstream-ca.pem";

struct SandboxState {
  std::string id;          // container id
  std::string session_id;  // from the octobot.session label
  std::string project_id;  // from the octobot.project label
  std::string status;      // Docker's: created, running, paused, restarting, exited, dead
  bool running = false;
  int exit_code = 0;
  bool oom_killed = false;
  std::uint16_t api_port = 0;    // host port on 127.0.0.1 of kAgentApiPort; 0 when not running
  std::uint16_t proxy_port = 0;  // host port on 127.0.0.1 of kProxyControlPort; 0 when not running
};

// A container of a session started, died or was destroyed.
struct RuntimeEvent {
  std::string container_id;
  std::string session_id;
  std::string project_id;
  std::string action;  // "start", "die", "destroy", "oom"
  int exit_code = 0;
};

struct ExecResult {
  int exit_code = 0;
  std::string output;  // stdout and stderr, interleaved
};

class SandboxRuntime {
 public:
  virtual ~SandboxRuntime() = default;

  // The engine's version when it is usable, else why not (missing, down, too old).
  virtual boost::asio::awaitable<Result<std::string>> check() = 0;
  virtual boost::asio::awaitable<Result<bool>> has_image(std::string image) = 0;
  // Creates the volume (if missing) and the container; returns the container id.
  virtual boost::asio::awaitable<Result<std::string>> create(SandboxSpec spec) = 0;
  virtual boost::asio::awaitable<Result<>> start(std::string container) = 0;
  // SIGTERM, then SIGKILL after `grace`. Stopping a stopped container succeeds.
  virtual boost::asio::awaitable<Result<>> stop(std::string container, std::chrono::seconds grace) = 0;
  virtual boost::asio::awaitable<Result<>> remove(std::string session_id) = 0;
  virtual boost::asio::awaitable<Result<SandboxState>> inspect(std::string container) = 0;
  // Every container of this server (octobot.managed, octobot.instance), running or not.
  virtual boost::asio::awaitable<Result<std::vector<SandboxState>>> list() = 0;
  // The last `tail` lines of the container's output.
  virtual boost::asio::awaitable<Result<std::string>> logs(std::string container, int tail) = 0;
  virtual boost::asio::awaitable<Result<ExecResult>> exec(std::string container, std::vector<std::string> argv,
                                                          std::string user) = 0;
  // Calls on_event for every event of this server's containers until the
  // stream fails (returned) or cancel_watch() ends it (returns success).
  virtual boost::asio::awaitable<Result<>> watch(std::function<void(const RuntimeEvent&)> on_event) = 0;
  // Ends a running watch(); call it on the executor that runs watch().
  virtual void cancel_watch() = 0;
};

std::string container_name(std::string_view session_id);  // "octobot-session-<id>"
std::string volume_name(std::string_view session_id);     // "octobot-data-<id>"

}  // namespace octobot::runtime
