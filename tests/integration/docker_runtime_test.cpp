// DockerRuntime (server/runtime) against the real engine: each operation of
// the SandboxRuntime contract, the event stream and the errors.
#include "lib/crypto/crypto.hpp"
#include "server/runtime/docker/docker_runtime.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/detached.hpp>

#include <optional>

#include <thread>
#include <unistd.h>

namespace {

namespace asio = boost::asio;
using namespace octobot::runtime;

// Runs one coroutine of the runtime to its end on a private io_context.
template <class T>
T run(asio::io_context& io, asio::awaitable<T> operation) {
  std::optional<T> result;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> { result.emplace(co_await std::move(operation)); },
                 asio::detached);
  io.restart();
  io.run();
  REQUIRE(result.has_value());
  return std::move(*result);
}

DockerRuntime make_runtime(asio::io_context& io, const std::string& instance) {
  return DockerRuntime(io.get_executor(), *docker_endpoint(""), instance);
}

SandboxSpec test_spec(const std::string& instance) {
  SandboxSpec spec;
  spec.session_id = octobot::crypto::uuid_v4();
  spec.project_id = "local";
  spec.image = "octobot/agent:0.1.0";
  spec.instance_id = instance;
  // PID 1 supervises a sleeper only: no set-up, no proxy.
  spec.env = {"OCTOBOT_SKIP_SETUP=1", "OCTOBOT_PROXY_ARGV=[]", "OCTOBOT_API_ARGV=[\"sleep\",\"600\"]"};
  spec.limits = {256LL << 20, 1'000'000'000, 128};
  return spec;
}

}  // namespace

TEST_CASE("DockerRuntime: create, start, inspect, exec, logs, list, events, stop, remove", "[sandbox][runtime]") {
  asio::io_context io;
  const std::string instance = "runtime-test-" + std::to_string(getpid());
  DockerRuntime runtime = make_runtime(io, instance);

  auto version = run(io, runtime.check());
  INFO((version ? *version : version.error().message));
  REQUIRE(version.ok());
  CHECK(version->find("API 1.") != std::string::npos);
  CHECK(run(io, runtime.has_image("octobot/agent:0.1.0")).value());
  CHECK_FALSE(run(io, runtime.has_image("octobot/no-such-image:0")).value());

  const SandboxSpec spec = test_spec(instance);
  auto created = run(io, runtime.create(spec));
  INFO((created ? *created : created.error().message));
  REQUIRE(created.ok());
  const std::string container = *created;
  REQUIRE(run(io, runtime.start(container)).ok());

  auto state = run(io, runtime.inspect(container_name(spec.session_id)));
  REQUIRE(state.ok());
  CHECK(state->id == container);
  CHECK(state->running);
  CHECK(state->session_id == spec.session_id);
  CHECK(state->api_port != 0);
  CHECK(state->proxy_port != 0);

  auto exec = run(io, runtime.exec(container, {"sh", "-c", "id -un; echo to-stderr >&2; exit 3"}, "octobot"));
  REQUIRE(exec.ok());
  CHECK(exec->exit_code == 3);
  CHECK(exec->output.find("octobot") != std::string::npos);
  CHECK(exec->output.find("to-stderr") != std::string::npos);
  CHECK(run(io, runtime.logs(container, 10)).ok());

  auto listed = run(io, runtime.list());
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 1);  // only this instance's containers
  CHECK((*listed)[0].session_id == spec.session_id);

  // The event stream reports the container's death; cancel_watch() ends it.
  std::vector<RuntimeEvent> events;
  bool watch_ok = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    auto watched = co_await runtime.watch([&](const RuntimeEvent& event) {
      events.push_back(event);
      if (event.action == "die") runtime.cancel_watch();
    });
    watch_ok = watched.ok();
  }, asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    asio::steady_timer settle(io, std::chrono::milliseconds(300));
    co_await settle.async_wait(asio::use_awaitable);
    auto stopped = co_await runtime.stop(container, std::chrono::seconds(5));
    CHECK(stopped.ok());
  }, asio::detached);
  io.restart();
  io.run();
  CHECK(watch_ok);
  REQUIRE_FALSE(events.empty());
  CHECK(events.back().action == "die");
  CHECK(events.back().session_id == spec.session_id);
  CHECK(events.back().project_id == "local");
  CHECK_FALSE(run(io, runtime.inspect(container)).value().running);

  REQUIRE(run(io, runtime.remove(spec.session_id)).ok());
  auto gone = run(io, runtime.inspect(container));
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().code == RuntimeError::Code::not_found);
  CHECK(run(io, runtime.remove(spec.session_id)).ok());  // already gone is fine
  CHECK(run(io, runtime.list()).value().empty());
}

TEST_CASE("DockerRuntime: a missing image and a missing engine are clear errors", "[sandbox][runtime]") {
  asio::io_context io;
  const std::string instance = "runtime-test-errors-" + std::to_string(getpid());
  DockerRuntime runtime = make_runtime(io, instance);
  SandboxSpec spec = test_spec(instance);
  spec.image = "octobot/no-such-image:0";
  auto created = run(io, runtime.create(spec));
  REQUIRE_FALSE(created.ok());
  CHECK(created.error().code == RuntimeError::Code::not_found);
  CHECK(created.error().message.find("make image") != std::string::npos);
  CHECK(run(io, runtime.remove(spec.session_id)).ok());  // its volume

  DockerRuntime nowhere(io.get_executor(), *docker_endpoint("unix:///nonexistent/docker.sock"), instance);
  auto version = run(io, nowhere.check());
  REQUIRE_FALSE(version.ok());
  CHECK(version.error().code == RuntimeError::Code::unavailable);
  CHECK(version.error().message.find("/nonexistent/docker.sock") != std::string::npos);
}
