#include "tests/unit/server/service/service_fixture.hpp"

#include "server/service/projects.hpp"
#include "server/service/workspaces.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace octobot::service::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "octobot-service-test.XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  path_ = fs::canonical(pattern);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::string code_name(Error::Code code) {
  switch (code) {
    case Error::Code::invalid: return "invalid";
    case Error::Code::not_found: return "not_found";
    case Error::Code::conflict: return "conflict";
    case Error::Code::busy: return "busy";
    case Error::Code::invalid_state: return "invalid_state";
    case Error::Code::forbidden: return "forbidden";
    case Error::Code::unavailable: return "unavailable";
    case Error::Code::internal: return "internal";
  }
  return "unknown";
}

namespace {

std::unique_ptr<store::Store> open_store_in(const fs::path& dir) {
  auto opened = store::open_store((dir / "octobot.db").string());
  INFO((opened ? std::string() : opened.error().message));
  REQUIRE(opened.ok());
  return std::move(opened).value();
}

Context with_executor(Context context, boost::asio::any_io_executor io) {
  context.io = std::move(io);
  return context;
}

}  // namespace

ServiceFixture::ServiceFixture()
    : store(open_store_in(data_dir.path())),
      secrets(crypto::random_bytes(32)),
      context{*store, hub, secrets, data_dir.path(), io.get_executor(), background, blocking,
              [this] { return ++clock_ms; }},
      sandbox_context(with_executor(context, sandbox_io.get_executor())),
      runtime(sandbox_io.get_executor(), *http::Endpoint::parse("unix:/nonexistent/docker.sock"), "tests"),
      sandboxes(sandbox_context, runtime, SandboxSettings{}),
      subscription_(hub.subscribe(io.get_executor())) {}

ServiceFixture::~ServiceFixture() {
  // Background jobs (git clones) use the store: let them finish first, then
  // run what they and the hub posted to the I/O context.
  background.join();
  blocking.join();
  io.restart();
  io.poll();
}

std::int64_t ServiceFixture::last_event_id() { return must(store->last_event_id()); }

std::vector<store::Event> ServiceFixture::events_since(const std::string& project_id, std::int64_t after_id) {
  return must(store->list_events_after(project_id, after_id, 1000));
}

std::vector<std::string> ServiceFixture::event_types_since(const std::string& project_id, std::int64_t after_id) {
  std::vector<std::string> types;
  for (const store::Event& event : events_since(project_id, after_id)) types.push_back(event.type);
  return types;
}

bool ServiceFixture::notified() {
  // wait() returns true at once when a notification is pending, and false
  // when its zero timeout expires.
  auto woken = boost::asio::co_spawn(io, subscription_->wait(std::chrono::milliseconds(0)), boost::asio::use_future);
  io.run();
  io.restart();
  return woken.get();
}

store::Workspace ServiceFixture::settled_workspace(const std::string& project_id, const std::string& id) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    store::Workspace workspace = must(store->find_workspace(project_id, id));
    if (workspace.status != "initializing" && workspace.status != "cloning") return workspace;
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string ServiceFixture::add_project(const std::string& name) {
  ProjectService projects(context);
  must(projects.ensure_single_user());
  return must(projects.create(kAnonymousUserId, name)).id;
}

store::Workspace ServiceFixture::add_local_workspace(const std::string& project_id, const std::string& name) {
  const fs::path folder = user_files.path() / name;
  fs::create_directories(folder);
  WorkspaceService workspaces(context);
  return must(workspaces.create(project_id, {folder.string(), "local", name}));
}

}  // namespace octobot::service::testing
