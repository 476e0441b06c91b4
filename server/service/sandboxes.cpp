#include "server/service/sandboxes.hpp"

#include "lib/async/off_thread.hpp"
#include "lib/log/log.hpp"
#include "server/git/snapshot.hpp"
#include "server/service/network_policy.hpp"
#include "server/service/wire.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <filesystem>

namespace octobot::service {
namespace asio = boost::asio;
namespace status = session_status;
using runtime::RuntimeError;

namespace {

bool is_one_of(const std::string& value, std::initializer_list<const char*> options) {
  for (const char* option : options) {
    if (value == option) return true;
  }
  return false;
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  co_await timer.async_wait(asio::use_awaitable);
}

Error runtime_error(const RuntimeError& error) {
  return error.code == RuntimeError::Code::unavailable ? Error::unavailable(error.message)
                                                       : Error::internal(error.message);
}

// The git host of a remote URL ("https://git.example.com/x.git", "git@host:x"), or "".
std::string git_host(const std::string& url) {
  std::string rest = url;
  if (auto scheme = rest.find("://"); scheme != std::string::npos) {
    rest = rest.substr(scheme + 3);
    rest = rest.substr(0, rest.find('/'));
  } else {
    rest = rest.substr(0, rest.find(':'));
  }
  if (auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() != '[') rest = rest.substr(0, rest.find(':'));
  return rest;
}

}  // namespace

runtime::SandboxAccess sandbox_access(const store::Session& session) {
  return {static_cast<std::uint16_t>(session.api_port), static_cast<std::uint16_t>(session.proxy_port),
          session.api_token, session.proxy_token};
}

std::filesystem::path SandboxService::snapshot_dir(const std::string& session_id) const {
  return context_.data_dir / "snapshots" / session_id;
}

SandboxService::SandboxService(Context& context, runtime::SandboxRuntime& runtime, SandboxSettings settings)
    : context_(context),
      runtime_(runtime),
      client_(context.io),
      settings_(std::move(settings)),
      queue_(context.io),
      idle_timer_(queue_.strand()),
      watch_retry_timer_(queue_.strand()) {
  image_building_ = !settings_.image_build_command.empty();
}

void SandboxService::enqueue(const Session& session, std::function<asio::awaitable<void>()> operation) {
  queue_.enqueue(session.id, std::move(operation));
}

// ---- requests (called off the I/O threads) ----

void SandboxService::provision(const Session& session) {
  enqueue(session, [this, project = session.project_id, id = session.id] { return provision_op(project, id); });
}

Result<store::Session> SandboxService::request_stop(std::string_view project_id, std::string_view id) {
  auto session = context_.store.find_session(project_id, id);
  if (!session) return describe(session.error(), "session");
  if (is_one_of(session->status, {status::removing, status::removed})) {
    return Error::invalid_state("the session is being removed");
  }
  enqueue(*session, [this, project = session->project_id, id = session->id] {
    return stop_op(project, id, "stopped on request");
  });
  return std::move(session).value();
}

Result<store::Session> SandboxService::request_start(std::string_view project_id, std::string_view id) {
  auto session = context_.store.find_session(project_id, id);
  if (!session) return describe(session.error(), "session");
  if (is_one_of(session->status, {status::removing, status::removed})) {
    return Error::invalid_state("the session is being removed");
  }
  provision(*session);
  return std::move(session).value();
}

Result<store::Session> SandboxService::request_remove(std::string_view project_id, std::string_view id) {
  auto session = context_.store.find_session(project_id, id);
  if (!session) return describe(session.error(), "session");
  if (session->status != status::removing) {
    session->status = status::removing;
    session->error_message.clear();
    session->updated_at = context_.now_ms();
    auto saved = context_.store.update_session_state(*session, make_event(context_, project_id, "session.updated",
                                                                    wire::render(*session)));
    if (!saved) return describe(saved.error(), "session");
    context_.hub.notify();
  }
  enqueue(*session, [this, project = session->project_id, id = session->id] { return remove_op(project, id); });
  return std::move(session).value();
}

void SandboxService::push_policy(std::string_view project_id) {
  auto ready = context_.store.list_sessions_in_status({status::ready, status::running});
  if (!ready) return;
  for (const Session& session : *ready) {
    if (session.project_id != project_id) continue;
    enqueue(session, [this, project = session.project_id, id = session.id] { return push_policy_op(project, id); });
  }
}

void SandboxService::mark_running(const Session& session, bool running) {
  enqueue(session, [this, project = session.project_id, id = session.id, running] {
    return mark_running_op(project, id, running);
  });
}

// ---- store access from the operations (on the blocking pool) ----

asio::awaitable<Result<store::Session>> SandboxService::load(std::string project_id, std::string id) {
  co_return co_await async::run_on(context_.blocking, [&]() -> Result<Session> {
    auto session = context_.store.find_session(project_id, id);
    if (!session) return describe(session.error(), "session");
    return std::move(session).value();
  });
}

asio::awaitable<Result<>> SandboxService::save(Session& session) {
  session.updated_at = context_.now_ms();
  co_return co_await async::run_on(context_.blocking, [&]() -> Result<> {
    // A removal asked for while this operation ran wins: its operation comes next.
    if (session.status != status::removing && session.status != status::removed) {
      auto current = context_.store.find_session(session.project_id, session.id);
      if (current && current->status == status::removing) session.status = status::removing;
    }
    auto saved = context_.store.update_session_state(
        session, make_event(context_, session.project_id, "session.updated", wire::render(session)));
    if (!saved) return describe(saved.error(), "session");
    context_.hub.notify();
    return {};
  });
}

asio::awaitable<void> SandboxService::set_status(Session& session, const char* new_status, std::string message) {
  session.status = new_status;
  session.error_message = std::move(message);
  if (session.status != status::ready && session.status != status::running) {
    session.api_port = 0;
    session.proxy_port = 0;
  }
  if (auto saved = co_await save(session); !saved) {
    log::error("cannot record a session's status",
               nlohmann::json{{"sessionId", session.id}, {"status", new_status}, {"error", saved.error().message}});
  }
}

Result<runtime::SandboxSpec> SandboxService::sandbox_spec(const Session& session) {
  auto workspace = context_.store.find_workspace(session.project_id, session.workspace_id);
  if (!workspace) return describe(workspace.error(), "workspace");
  runtime::SandboxSpec spec;
  spec.session_id = session.id;
  spec.project_id = session.project_id;
  spec.image = settings_.image;
  spec.instance_id = settings_.instance_id;
  spec.limits = settings_.limits;
  if (workspace->source_type == "git") {
    if (workspace->mirror_path.empty()) return Error::invalid_state("the workspace's git mirror is not ready yet");
    spec.source_dir = workspace->mirror_path;
  } else {
    std::error_code ec;
    if (!std::filesystem::is_directory(workspace->path, ec)) {
      return Error::invalid_state("the workspace folder " + workspace->path + " does not exist any more");
    }
    spec.source_dir = workspace->path;
    if (!std::filesystem::exists(std::filesystem::path(workspace->path) / ".git", ec)) {
      // A plain folder: the session's base is a committed copy (the folder itself is never written).
      const auto snapshot = snapshot_dir(session.id);
      if (auto made = git::snapshot_folder(workspace->path, snapshot); !made) {
        return Error::unavailable("cannot snapshot the workspace folder: " + made.error());
      }
      spec.source_dir = snapshot.string();
    }
  }
  spec.upstream_ca_file = settings_.upstream_ca_file;
  spec.env = {"OCTOBOT_SESSION_ID=" + session.id, "OCTOBOT_API_TOKEN_SHA256=" + crypto::sha256_hex(session.api_token),
              "OCTOBOT_PROXY_TOKEN_SHA256=" + crypto::sha256_hex(session.proxy_token)};
  if (!spec.upstream_ca_file.empty()) spec.env.push_back(std::string("OCTOBOT_UPSTREAM_CA_FILE=") + runtime::kUpstreamCaPath);
  return spec;
}

Result<nlohmann::json> SandboxService::policy_for(const Session& session) {
  auto project = context_.store.find_project(session.project_id);
  if (!project) return describe(project.error(), "project");
  std::vector<std::string> extra_hosts;
  auto workspace = context_.store.find_workspace(session.project_id, session.workspace_id);
  if (workspace && workspace->source_type == "git") {
    if (auto host = git_host(workspace->path); !host.empty()) extra_hosts.push_back(host);
  }
  auto credentials = context_.store.list_credentials(session.project_id);
  if (!credentials) return describe(credentials.error(), "credential");
  std::vector<RevealedCredential> revealed;
  for (const store::Credential& credential : *credentials) {
    auto secret = context_.secrets.open(credential.secret_ciphertext);
    if (!secret) return Error::internal("the credential \"" + credential.name + "\" cannot be decrypted with this server's key");
    revealed.push_back({credential, std::move(secret).value()});
  }
  NetworkPolicy policy = project_network_policy(project->network_policy_json);
  if (!session.agent_id.empty()) {
    auto agent = context_.store.find_agent(session.project_id, session.agent_id);
    if (agent) add_network_policy(policy, Json::parse(agent->network_policy_json, nullptr, false));
  }
  return proxy_policy(policy, extra_hosts, revealed);
}

// ---- operations (one at a time per session, on the queue's strand) ----

asio::awaitable<void> SandboxService::provision_op(std::string project_id, std::string id) {
  auto session = co_await load(project_id, id);
  if (!session || stopping_) co_return;
  if (is_one_of(session->status, {status::ready, status::running, status::removing})) co_return;
  co_await set_status(*session, status::creating_sandbox);
  auto up = co_await bring_up(*session);
  if (!up) {
    log::warn("sandbox failed", nlohmann::json{{"sessionId", id}, {"error", up.error().message}});
    co_await set_status(*session, status::error, up.error().message);
    co_return;
  }
  session->last_active_at = context_.now_ms();
  co_await set_status(*session, status::ready);
}

asio::awaitable<Result<>> SandboxService::bring_up(Session& session) {
  while (image_building_ && !stopping_) co_await sleep_for(std::chrono::milliseconds(200));
  if (session.api_token.empty() || session.proxy_token.empty()) {
    // (Sessions made before tokens were made with the session.) Recorded before any container
    // holds their hashes: a crash after the create must not lose them.
    if (session.api_token.empty()) session.api_token = crypto::random_token();
    if (session.proxy_token.empty()) session.proxy_token = crypto::random_token();
    if (auto saved = co_await save(session); !saved) co_return saved.error();
  }
  auto existing = co_await runtime_.inspect(runtime::container_name(session.id));
  std::string container;
  if (existing) {
    container = existing->id;
  } else if (existing.error().code == RuntimeError::Code::not_found) {
    // The spec (and a plain folder's snapshot) only when a container is to be made.
    auto spec = co_await async::run_on(context_.blocking, [&] { return sandbox_spec(session); });
    if (!spec) co_return spec.error();
    auto created = co_await runtime_.create(*spec);
    if (!created) co_return runtime_error(created.error());
    container = *created;
    session.container_id = container;
    if (auto saved = co_await save(session); !saved) co_return saved.error();
  } else {
    co_return runtime_error(existing.error());
  }
  session.container_id = container;
  if (!existing || !existing->running) {
    if (auto started = co_await runtime_.start(container); !started) co_return runtime_error(started.error());
  }
  auto state = co_await runtime_.inspect(container);
  if (!state) co_return runtime_error(state.error());
  if (!state->running) {
    auto reason = co_await exit_reason(container, state->exit_code);
    co_return Error::unavailable(std::move(reason));
  }
  session.api_port = state->api_port;
  session.proxy_port = state->proxy_port;
  if (auto saved = co_await save(session); !saved) co_return saved.error();
  if (auto ready = co_await wait_ready(session); !ready) co_return ready.error();
  co_return co_await send_policy(session);
}

asio::awaitable<Result<>> SandboxService::wait_ready(Session& session) {
  const runtime::SandboxAccess access = sandbox_access(session);
  const auto deadline = std::chrono::steady_clock::now() + settings_.ready_timeout;
  for (int attempt = 1;; ++attempt) {
    auto health = co_await client_.health(access);
    // Ready: the agent API answers and its proxy is listening.
    if (health && health->value("proxy", nlohmann::json::object()).value("state", "") == "up") co_return Result<>{};
    if (stopping_) co_return Error::unavailable("the server is shutting down");
    if (attempt % 5 == 0) {
      auto state = co_await runtime_.inspect(session.container_id);
      if (state && !state->running) {
        auto reason = co_await exit_reason(session.container_id, state->exit_code);
        co_return Error::unavailable(std::move(reason));
      }
    }
    if (std::chrono::steady_clock::now() > deadline) {
      co_return Error::unavailable("the sandbox did not become ready within " +
                                   std::to_string(settings_.ready_timeout.count()) + " s: " +
                                   (health ? std::string("its proxy is not listening") : health.error().message));
    }
    co_await sleep_for(std::chrono::milliseconds(attempt < 50 ? 10 : 100));
  }
}

asio::awaitable<Result<>> SandboxService::send_policy(const Session& session) {
  auto policy = co_await async::run_on(context_.blocking, [&] { return policy_for(session); });
  if (!policy) co_return policy.error();
  const runtime::SandboxAccess access = sandbox_access(session);
  // The proxy's control API may open a moment after its proxy port: a few tries.
  for (int attempt = 1;; ++attempt) {
    auto sent = co_await client_.put_proxy_policy(access, *policy);
    if (sent) co_return Result<>{};
    if (attempt == 50 || sent.error().code != runtime::RuntimeError::Code::unavailable || stopping_) {
      co_return Error::unavailable("cannot configure the session's proxy: " + sent.error().message);
    }
    co_await sleep_for(std::chrono::milliseconds(20));
  }
}

asio::awaitable<std::string> SandboxService::exit_reason(const std::string& container, int exit_code) {
  auto logs = co_await runtime_.logs(container, 50);
  std::string agent_line;
  if (logs) {
    std::size_t start = 0;
    while (start < logs->size()) {
      auto end = logs->find('\n', start);
      if (end == std::string::npos) end = logs->size();
      auto line = logs->substr(start, end - start);
      if (line.starts_with("octobot-agent: ")) agent_line = line;
      start = end + 1;
    }
  }
  std::string reason = "the sandbox exited with status " + std::to_string(exit_code);
  if (exit_code == 137) reason += " (killed; out of memory or docker kill)";
  if (!agent_line.empty()) reason += ": " + agent_line;
  co_return reason;
}

asio::awaitable<void> SandboxService::stop_op(std::string project_id, std::string id, std::string reason) {
  auto session = co_await load(project_id, id);
  if (!session || is_one_of(session->status, {status::removing, status::stopped})) co_return;
  if (!session->container_id.empty()) {
    auto stopped = co_await runtime_.stop(session->container_id, settings_.stop_grace);
    if (!stopped && stopped.error().code != RuntimeError::Code::not_found) {
      co_await set_status(*session, status::error, "cannot stop the sandbox: " + stopped.error().message);
      co_return;
    }
  }
  log::info("session stopped", nlohmann::json{{"sessionId", id}, {"reason", reason}});
  co_await set_status(*session, status::stopped);
}

asio::awaitable<void> SandboxService::remove_op(std::string project_id, std::string id) {
  auto session = co_await load(project_id, id);
  if (!session) co_return;
  for (int attempt = 0;; ++attempt) {
    auto removed = co_await runtime_.remove(id);
    if (removed) break;
    // No container was ever recorded: nothing can be left but what start-up
    // reconciliation removes anyway (containers without a session).
    if (session->container_id.empty()) break;
    log::warn("cannot remove a session's sandbox; retrying",
              nlohmann::json{{"sessionId", id}, {"attempt", attempt + 1}, {"error", removed.error().message}});
    if (stopping_) co_return;  // start-up reconciliation finishes it
    co_await sleep_for(std::chrono::milliseconds(std::min(30'000, 500 << std::min(attempt, 6))));
  }
  co_await set_status(*session, status::removed);
  co_await async::run_on(context_.blocking, [&] {
    std::error_code ec;
    std::filesystem::remove_all(snapshot_dir(id), ec);
    auto deleted = context_.store.delete_session(
        project_id, id, make_event(context_, project_id, "session.deleted", nlohmann::json{{"id", id}}.dump()));
    if (!deleted) {
      log::error("cannot delete a removed session", nlohmann::json{{"sessionId", id}, {"error", deleted.error().message}});
    }
    context_.hub.notify();
    return 0;
  });
}

asio::awaitable<void> SandboxService::died_op(std::string project_id, std::string id, std::string container,
                                              int exit_code) {
  auto session = co_await load(project_id, id);
  if (!session || session->container_id != container) co_return;
  if (!is_one_of(session->status, {status::ready, status::running})) co_return;
  // 0, SIGKILL (docker kill) and SIGTERM (docker stop) are ends, not faults.
  if (exit_code == 0 || exit_code == 137 || exit_code == 143) {
    co_await set_status(*session, status::stopped);
  } else {
    auto reason = co_await exit_reason(container, exit_code);
    co_await set_status(*session, status::error, std::move(reason));
  }
}

asio::awaitable<void> SandboxService::reattach_op(std::string project_id, std::string id) {
  auto session = co_await load(project_id, id);
  if (!session || !is_one_of(session->status, {status::ready, status::running})) co_return;
  // (No temporaries inside co_await arguments: GCC 12 destroys some twice.)
  const std::string container = session->container_id.empty() ? runtime::container_name(id) : session->container_id;
  auto state = co_await runtime_.inspect(container);
  if (!state || !state->running) {
    co_await set_status(*session, status::stopped);
    co_return;
  }
  session->container_id = state->id;
  session->api_port = state->api_port;
  session->proxy_port = state->proxy_port;
  auto ready = co_await wait_ready(*session);
  if (ready) ready = co_await send_policy(*session);
  if (!ready) {
    co_await set_status(*session, status::error, ready.error().message);
    co_return;
  }
  // A turn that was running when the server went away is over for the server.
  co_await set_status(*session, status::ready);
}

asio::awaitable<Result<store::Session>> SandboxService::wait_until_ready(std::string project_id, std::string id,
                                                                         std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool start_requested = false;
  std::int64_t failed_before = 0;  // the error seen when the start was asked for is not the start's
  while (true) {
    auto session = co_await load(project_id, id);
    if (!session) co_return session.error();
    const std::string& state = session->status;
    if (state == status::ready || state == status::running) co_return session;
    if (state == status::removing || state == status::removed) co_return Error::invalid_state("the session is being removed");
    if (state == status::error && start_requested && session->updated_at > failed_before) {
      co_return Error::unavailable("the session's sandbox could not start: " + session->error_message);
    }
    if ((state == status::stopped || state == status::error) && !start_requested) {
      auto started = co_await async::run_on(context_.blocking, [&] { return request_start(project_id, id); });
      if (!started) co_return started.error();
      start_requested = true;
      failed_before = session->updated_at;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      co_return Error::unavailable("the session's sandbox is not ready after " +
                                   std::to_string(timeout.count()) + " s (status " + state + ")");
    }
    co_await sleep_for(std::chrono::milliseconds(100));
  }
}

asio::awaitable<void> SandboxService::mark_running_op(std::string project_id, std::string id, bool running) {
  auto session = co_await load(project_id, id);
  if (!session || session->status != (running ? status::ready : status::running)) co_return;
  co_await set_status(*session, running ? status::running : status::ready);
}

asio::awaitable<void> SandboxService::push_policy_op(std::string project_id, std::string id) {
  auto session = co_await load(project_id, id);
  if (!session || !is_one_of(session->status, {status::ready, status::running})) co_return;
  if (auto sent = co_await send_policy(*session); !sent) {
    log::warn("cannot update a session's egress policy", nlohmann::json{{"sessionId", id}, {"error", sent.error().message}});
  }
}

}  // namespace octobot::service
