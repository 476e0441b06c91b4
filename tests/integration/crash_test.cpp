// kill -9 at the worst moment: the real `octobot` binary is killed while it
// is creating sessions as fast as a client can ask, then restarted on the same
// data directory. Every session the client was told exists (201) must exist,
// each with its session.created event, and the server must accept writes.
#include "server/store/store.hpp"
#include "tests/integration/server_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <thread>
#include <unistd.h>

namespace {

// This test is about the store: no sandboxes (a Docker address that does not exist).
const std::vector<std::string> kNoDocker{"--docker-host", "unix:///nonexistent/octobot-crash-test-docker.sock"};

namespace fs = std::filesystem;
using Json = nlohmann::json;
using octobot::http::Method;

}  // namespace

TEST_CASE("a server killed with SIGKILL mid-write loses no acknowledged session", "[crash]") {
  fs::path root = fs::temp_directory_path() / ("octobot-crash-" + std::to_string(getpid()));
  fs::create_directories(root / "folder");
  std::set<std::string> acknowledged;
  std::string workspace_id;
  {
    octobot::testing::ServerProcess server(OCTOBOT_BINARY, root / "data", kNoDocker);
    auto workspace = server.call(Method::post, "/api/projects/local/workspaces",
                          {{"path", (root / "folder").string()}, {"sourceType", "local"}});
    REQUIRE(workspace["status"] == 201);
    workspace_id = workspace["body"]["id"];
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> acknowledged_count{0};  // the set itself is the writer's until join()
    std::thread writer([&] {
      for (int i = 0; !stop; ++i) {
        auto created = server.call(Method::post, "/api/projects/local/workspaces/" + workspace_id + "/sessions",
                            {{"name", "s" + std::to_string(i)}});
        if (created["status"] == 201) {
          acknowledged.insert(created["body"]["id"].get<std::string>());
          ++acknowledged_count;
        }
        if (created["status"] == 0) break;  // the server is gone
      }
    });
    while (acknowledged_count < 50) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    server.kill_hard();  // while the writer is mid-request
    stop = true;
    writer.join();
  }

  octobot::testing::ServerProcess restarted(OCTOBOT_BINARY, root / "data", kNoDocker);
  auto page = restarted.call(Method::get, "/api/projects/local/sessions?limit=200");
  REQUIRE(page["status"] == 200);
  std::set<std::string> listed;
  for (const auto& session : page["body"]["items"]) listed.insert(session["id"].get<std::string>());
  for (const auto& id : acknowledged) CHECK(listed.count(id) == 1);

  auto store = octobot::store::open_store((root / "data" / "octobot.db").string());
  REQUIRE(store);
  auto events = (*store)->list_events_after("local", 0, 100000);
  REQUIRE(events);
  std::set<std::string> created_events;
  for (const auto& event : *events) {
    if (event.type == "session.created") created_events.insert(Json::parse(event.data_json)["id"].get<std::string>());
  }
  CHECK(created_events == listed);  // a session and its event are written together or not at all

  auto after = restarted.call(Method::post, "/api/projects/local/workspaces/" + workspace_id + "/sessions",
                    {{"name", "after restart"}});
  CHECK(after["status"] == 201);
  fs::remove_all(root);
}
