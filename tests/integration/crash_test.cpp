// kill -9 at the worst moment: the real `octobot` binary is killed while it
// is creating sessions as fast as a client can ask, then restarted on the same
// data directory. Every session the client was told exists (201) must exist,
// each with its session.created event, and the server must accept writes.
#include "lib/http/client.hpp"
#include "server/store/store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using octobot::http::Method;

// `octobot server` on 127.0.0.1:0 as a child process; the URL comes from its first stdout line.
class ServerProcess {
 public:
  explicit ServerProcess(const fs::path& data_dir) {
    int pipe_fds[2];
    REQUIRE(pipe(pipe_fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    std::vector<std::string> args{OCTOBOT_BINARY, "server", "--listen", "127.0.0.1:0", "--data-dir",
                                  data_dir.string(), "--log-level", "warn"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    url_ = read_url(pipe_fds[0]);
    close(pipe_fds[0]);
  }
  ~ServerProcess() { kill_hard(); }

  void kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  const std::string& url() const { return url_; }

 private:
  static std::string read_url(int fd) {
    std::string line;
    char c;
    while (read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
    auto at = line.find("http://");
    REQUIRE(at != std::string::npos);
    std::string url = line.substr(at);
    if (url.ends_with("/")) url.pop_back();
    return url;
  }
  pid_t pid_ = -1;
  std::string url_;
};

Json call(const std::string& url, Method method, const std::string& target, const Json& body = nullptr) {
  auto response = octobot::http::fetch(url, method, target, body.is_null() ? "" : body.dump(),
                                        {{"Content-Type", "application/json"}});
  if (!response) return Json{{"status", 0}};
  Json parsed = Json::parse(response->body(), nullptr, false);
  return Json{{"status", response->result_int()}, {"body", parsed}};
}

}  // namespace

TEST_CASE("a server killed with SIGKILL mid-write loses no acknowledged session", "[crash]") {
  fs::path root = fs::temp_directory_path() / ("octobot-crash-" + std::to_string(getpid()));
  fs::create_directories(root / "folder");
  std::set<std::string> acknowledged;
  std::string workspace_id;
  {
    ServerProcess server(root / "data");
    auto workspace = call(server.url(), Method::post, "/api/projects/local/workspaces",
                          {{"path", (root / "folder").string()}, {"sourceType", "local"}});
    REQUIRE(workspace["status"] == 201);
    workspace_id = workspace["body"]["id"];
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> acknowledged_count{0};  // the set itself is the writer's until join()
    std::thread writer([&] {
      for (int i = 0; !stop; ++i) {
        auto created = call(server.url(), Method::post, "/api/projects/local/workspaces/" + workspace_id + "/sessions",
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

  ServerProcess restarted(root / "data");
  auto page = call(restarted.url(), Method::get, "/api/projects/local/sessions?limit=200");
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

  auto after = call(restarted.url(), Method::post, "/api/projects/local/workspaces/" + workspace_id + "/sessions",
                    {{"name", "after restart"}});
  CHECK(after["status"] == 201);
  fs::remove_all(root);
}
