// SandboxService's background duties: start-up reconciliation, Docker's event
// stream, the idle timer (see sandboxes.hpp).
#include "lib/async/off_thread.hpp"
#include "lib/log/log.hpp"
#include "server/runtime/image_build.hpp"
#include "server/service/sandboxes.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include <set>

namespace octobot::service {
namespace asio = boost::asio;
namespace status = session_status;

void SandboxService::start() {
  started_at_ms_ = context_.now_ms();
  asio::co_spawn(queue_.strand(), supervise(), asio::detached);
}

void SandboxService::shutdown() {
  stopping_ = true;
  asio::post(queue_.strand(), [this] {
    idle_timer_.cancel();
    watch_retry_timer_.cancel();
    runtime_.cancel_watch();
  });
}

asio::awaitable<void> SandboxService::supervise() {
  // Provisioning waits (image_building_ starts true when a build command is set) until this
  // has found the image, or started building it, or found Docker unusable.
  bool building = false;
  auto version = co_await runtime_.check();
  if (version) {
    log::info("sandbox runtime", nlohmann::json{{"docker", *version}, {"image", settings_.image}});
    auto image = co_await runtime_.has_image(settings_.image);
    if (image && !*image && !settings_.image_build_command.empty()) {
      building = true;
      asio::co_spawn(queue_.strand(), build_image(), asio::detached);
    } else if (image && !*image) {
      log::warn("the session image is missing: build it with `make image`", nlohmann::json{{"image", settings_.image}});
    }
  } else {
    log::warn("sandboxes are unavailable until Docker answers", nlohmann::json{{"error", version.error().message}});
  }
  if (!building) image_building_ = false;
  co_await reconcile();
  asio::co_spawn(queue_.strand(), watch_events(), asio::detached);
  co_await stop_idle_sessions();
}

asio::awaitable<void> SandboxService::build_image() {
  log::info("the session image is missing; building it (the build's progress follows)",
            nlohmann::json{{"image", settings_.image}, {"command", settings_.image_build_command}});
  auto built = co_await async::run_on(context_.background,
                                      [&] { return runtime::run_image_build(settings_.image_build_command); });
  if (built) {
    log::info("the session image is built", nlohmann::json{{"image", settings_.image}});
  } else {
    log::error("building the session image failed; sessions will fail until `make image` builds it",
               nlohmann::json{{"image", settings_.image}, {"error", built.error()}});
  }
  image_building_ = false;
}

asio::awaitable<void> SandboxService::reconcile() {
  auto sessions = co_await async::run_on(context_.blocking, [&] {
    return context_.store.list_sessions_in_status({status::initializing, status::creating_sandbox, status::ready,
                                                   status::running, status::stopped, status::error, status::removing});
  });
  if (!sessions) {
    log::error("start-up reconciliation: cannot list sessions", nlohmann::json{{"error", sessions.error().message}});
    co_return;
  }
  std::set<std::string> known;
  for (const Session& session : *sessions) {
    known.insert(session.id);
    if (session.created_at >= started_at_ms_) continue;  // made since start-up: its request provisions it
    const std::string& state = session.status;
    auto project = session.project_id;
    auto id = session.id;
    if (state == status::removing) {
      enqueue(session, [this, project, id] { return remove_op(project, id); });
    } else if (state == status::initializing || state == status::creating_sandbox) {
      enqueue(session, [this, project, id] { return provision_op(project, id); });
    } else if (state == status::ready || state == status::running) {
      enqueue(session, [this, project, id] { return reattach_op(project, id); });
    }
  }
  auto containers = co_await runtime_.list();
  if (!containers) {
    log::warn("start-up reconciliation: cannot list containers", nlohmann::json{{"error", containers.error().message}});
    co_return;
  }
  for (const runtime::SandboxState& container : *containers) {
    if (container.session_id.empty() || known.count(container.session_id)) continue;
    log::info("removing a container without a session", nlohmann::json{{"container", container.id}, {"sessionId", container.session_id}});
    queue_.enqueue(container.session_id, [this, id = container.session_id]() -> asio::awaitable<void> {
      co_await runtime_.remove(id);
    });
  }
}

asio::awaitable<void> SandboxService::watch_events() {
  bool warned = false;  // once per outage, not every retry
  while (!stopping_) {
    auto watched = co_await runtime_.watch([this](const runtime::RuntimeEvent& event) {
      if (event.action != "die" || event.session_id.empty()) return;
      queue_.enqueue(event.session_id, [this, event] {
        return died_op(event.project_id, event.session_id, event.container_id, event.exit_code);
      });
    });
    if (stopping_) break;
    if (!watched && !warned) log::warn("watching Docker's events (retried every 2 s)", nlohmann::json{{"error", watched.error().message}});
    warned = !watched;
    watch_retry_timer_.expires_after(std::chrono::seconds(2));
    boost::system::error_code ec;
    co_await watch_retry_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<void> SandboxService::stop_idle_sessions() {
  if (settings_.idle_timeout.count() == 0) co_return;
  const auto period = std::min<std::chrono::seconds>(std::chrono::seconds(60),
                                                     std::max<std::chrono::seconds>(std::chrono::seconds(1), settings_.idle_timeout / 4));
  while (!stopping_) {
    idle_timer_.expires_after(period);
    boost::system::error_code ec;
    co_await idle_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (stopping_) break;
    auto ready = co_await async::run_on(context_.blocking,
                                        [&] { return context_.store.list_sessions_in_status({status::ready}); });
    if (!ready) continue;
    const auto cutoff = context_.now_ms() - std::chrono::duration_cast<std::chrono::milliseconds>(settings_.idle_timeout).count();
    for (const Session& session : *ready) {
      if (session.last_active_at >= cutoff) continue;
      enqueue(session, [this, project = session.project_id, id = session.id] {
        return stop_op(project, id, "idle");
      });
    }
  }
}

}  // namespace octobot::service
