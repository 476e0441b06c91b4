// What users do with a session's work (issue 14), against real Docker and the real image: apply
// it to their repository as a branch, as a patch, or as a push with a pull request to a fake
// forge (tests/fixtures/fake_forge.py: git's own smart HTTP and the forges' PR endpoints over
// HTTPS), and fork a session at a turn.
#include "lib/crypto/encoding.hpp"
#include "lib/proc/run.hpp"
#include "tests/integration/fake_provider_process.hpp"
#include "tests/integration/git_repo.hpp"
#include "tests/integration/sandbox_fixture.hpp"
#include "tests/integration/server_process.hpp"
#include "tests/support/read_file.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

namespace {

using namespace octobot::testing;
using octobot::http::Method;

constexpr const char* kForgeToken = "forge-token-real-0123456789abcdef";

// Runs a shell command in the session's workspace as the agent's user.
void agent_does(const std::string& id, const std::string& script) {
  auto done = exec_in("octobot-session-" + id, "octobot", {"sh", "-c", "cd /data/workspace && " + script});
  INFO(done.out);
  REQUIRE(done.exit_code == 0);
}

const std::string kCommit = "git -c user.name=agent -c user.email=agent@example.com commit --quiet";

}  // namespace

TEST_CASE("apply to a local repository: a branch, the user's tree untouched; a moved HEAD merged or in conflict",
          "[apply]") {
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data());
  const std::string id = create_session(server, create_workspace(server, scratch.repo()), "apply");
  wait_for(server, id, "ready");
  const std::string apply = session_url(id) + "/apply";

  CHECK(server.call(Method::post, apply)["status"] == 422);  // nothing to apply yet
  CHECK(server.call(Method::post, apply, {{"pullRequest", {{"title", "x"}}}})["status"] == 400);  // not a git URL
  CHECK(server.call(Method::post, apply, {{"branch", "main"}})["status"] == 400);
  CHECK(server.call(Method::post, "/api/projects/local/sessions/00000000-0000-4000-8000-000000000000/apply")["status"] == 404);

  // The user keeps working meanwhile: an untracked file and a staged one.
  std::ofstream(scratch.repo() / "mine.txt") << "the user's\n";
  std::ofstream(scratch.repo() / "staged.txt") << "staged\n";
  run_git(scratch.repo(), {"add", "staged.txt"});
  const std::string status_before = run_git(scratch.repo(), {"status", "--porcelain"});
  const std::string head_before = run_git(scratch.repo(), {"rev-parse", "HEAD"});
  const std::string index_before = read_file(scratch.repo() / ".git" / "index");

  agent_does(id, "echo feature > feature.txt && git add feature.txt && " + kCommit + " -m 'add feature' && "
                 "echo pending >> README.md");
  auto applied = server.call(Method::post, apply);
  INFO(applied.dump());
  REQUIRE(applied["status"] == 200);
  const std::string branch = "octobot/" + id.substr(0, 8);
  CHECK(applied["body"]["mode"] == "branch");
  CHECK(applied["body"]["branch"] == branch);
  CHECK(applied["body"]["commits"] == 2);
  CHECK(applied["body"]["rebased"] == false);
  CHECK(run_git(scratch.repo(), {"rev-parse", branch}) == applied["body"]["commit"]);
  CHECK(run_git(scratch.repo(), {"show", branch + ":feature.txt"}) == "feature");
  CHECK(run_git(scratch.repo(), {"show", branch + ":README.md"}) == "hello\npending");
  CHECK(run_git(scratch.repo(), {"rev-parse", "HEAD"}) == head_before);
  CHECK(run_git(scratch.repo(), {"symbolic-ref", "HEAD"}) == "refs/heads/main");
  CHECK(run_git(scratch.repo(), {"status", "--porcelain"}) == status_before);
  CHECK(read_file(scratch.repo() / ".git" / "index") == index_before);  // byte for byte
  CHECK(read_file(scratch.repo() / "mine.txt") == "the user's\n");

  // A path that looks like an option is a path (a literal pathspec after "--"), nothing else.
  auto odd = server.call(Method::get, session_url(id) + "/diff?path=--output%3D%2Ftmp%2Fpwned");
  CHECK(odd["status"] == 200);
  CHECK(odd["body"]["files"].empty());
  CHECK(exec_in("octobot-session-" + id, "root", {"test", "-e", "/tmp/pwned"}).exit_code != 0);
  CHECK(server.call(Method::get, session_url(id) + "/files/content?path=--upload-pack%3Dx")["status"] == 404);

  // The user's HEAD moves on without touching the same lines: the work is merged onto it.
  run_git(scratch.repo(), {"commit", "--quiet", "-m", "user's commit"});
  applied = server.call(Method::post, apply);
  REQUIRE(applied["status"] == 200);
  CHECK(applied["body"]["rebased"] == true);
  CHECK(run_git(scratch.repo(), {"show", branch + ":staged.txt"}) == "staged");
  CHECK(run_git(scratch.repo(), {"show", branch + ":feature.txt"}) == "feature");

  // Both change README.md: a conflict that names it, and nothing changes.
  std::ofstream(scratch.repo() / "README.md") << "hello\nthe user's line\n";
  run_git(scratch.repo(), {"commit", "--quiet", "-am", "user edits README"});
  const std::string branch_before = run_git(scratch.repo(), {"rev-parse", branch});
  auto conflict = server.call(Method::post, apply);
  INFO(conflict.dump());
  CHECK(conflict["status"] == 409);
  CHECK(conflict["body"]["error"]["code"] == "apply_conflict");
  CHECK(conflict["body"]["error"]["files"] == Json::array({"README.md"}));
  CHECK(run_git(scratch.repo(), {"rev-parse", branch}) == branch_before);

  // The branch checked out by the user is never replaced.
  run_git(scratch.repo(), {"reset", "--quiet", "--hard", "HEAD~1"});
  run_git(scratch.repo(), {"checkout", "--quiet", branch});
  CHECK(server.call(Method::post, apply)["status"] == 409);
  CHECK(run_git(scratch.repo(), {"rev-parse", "HEAD"}) == branch_before);
}

TEST_CASE("apply for a plain folder gives the patch", "[apply]") {
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data());
  const fs::path folder = scratch.data().parent_path() / "folder";
  fs::create_directories(folder);
  std::ofstream(folder / "notes.txt") << "notes\n";
  const std::string id = create_session(server, create_workspace(server, folder), "patch");
  wait_for(server, id, "ready");
  agent_does(id, "echo more >> notes.txt");
  auto applied = server.call(Method::post, session_url(id) + "/apply");
  INFO(applied.dump());
  REQUIRE(applied["status"] == 200);
  CHECK(applied["body"]["mode"] == "patch");
  const std::string patch = applied["body"]["patch"];
  CHECK_THAT(patch, Catch::Contains("Subject: [PATCH] Octobot: pending changes of patch"));
  CHECK_THAT(patch, Catch::Contains("+more"));
  std::ifstream notes(folder / "notes.txt");
  CHECK(std::string(std::istreambuf_iterator<char>(notes), {}) == "notes\n");  // the folder is never written
}

// A server whose git workspaces come from a fake forge: the server's own git reaches it at
// host.docker.internal through a global git config (curloptResolve, the test CA), sessions through
// their proxies; the forge's API is reached at 127.0.0.1 (the credential's baseUrl).
struct ForgeWorld {
  Scratch scratch;
  fs::path repos = scratch.data().parent_path() / "forge-repos";
  FakeProvider forge{scratch.data().parent_path() / "forge", "fake_forge.py", Json::object(),
                     {"FAKE_FORGE_REPOS=" + repos.string(), std::string("FAKE_FORGE_TOKEN=") + kForgeToken}};
  fs::path git_config = scratch.data().parent_path() / "gitconfig";
  std::unique_ptr<ServerProcess> server;

  ForgeWorld() {
    fs::create_directories(repos / "octo");
    make_bare_repo(repos / "octo", "demo");
    std::ofstream(git_config) << "[http]\n\tcurloptResolve = host.docker.internal:" << forge.port() << ":127.0.0.1\n";
    ::setenv("GIT_CONFIG_GLOBAL", git_config.c_str(), 1);
    ::setenv("GIT_SSL_CAINFO", forge.ca_file().c_str(), 1);  // (git 2.39 ignores http.sslCAInfo from this file)
    server = std::make_unique<ServerProcess>(OCTOBOT_BINARY, scratch.data(),
                                             std::vector<std::string>{"--upstream-ca-files", forge.ca_file()});
    ::unsetenv("GIT_CONFIG_GLOBAL");
    ::unsetenv("GIT_SSL_CAINFO");
    REQUIRE(server->call(Method::patch, "/api/projects/local",
                         {{"networkPolicy", {{"allowCidrs", {"172.16.0.0/12"}}}}})["status"] == 200);
  }

  std::string url() const { return forge.base_url() + "/octo/demo.git"; }

  std::string add_credential(const std::string& provider, const std::string& api_path) {
    auto created = server->call(Method::post, "/api/projects/local/credentials",
                                {{"provider", provider}, {"name", provider}, {"apiKey", kForgeToken},
                                 {"hosts", {"host.docker.internal"}}, {"baseUrl", forge.local_url() + api_path}});
    INFO(created.dump());
    REQUIRE(created["status"] == 201);
    return created["body"]["id"];
  }

  std::string ready_session() {
    auto workspace = server->call(Method::post, "/api/projects/local/workspaces", {{"path", url()}, {"sourceType", "git"}});
    INFO(workspace.dump());
    REQUIRE(workspace["status"] == 201);
    const std::string workspace_id = workspace["body"]["id"];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    Json last;
    while ((last = server->call(Method::get, "/api/projects/local/workspaces/" + workspace_id))["body"]["status"] != "ready") {
      INFO(last.dump());
      REQUIRE(last["body"]["status"] != "error");
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const std::string id = create_session(*server, workspace_id, "forge work");
    wait_for(*server, id, "ready");
    return id;
  }
};

TEST_CASE("apply for a git URL pushes through the proxy and opens pull requests on GitHub, GitLab and Gitea",
          "[apply][forge]") {
  ForgeWorld world;
  const std::string github = world.add_credential("github", "/api/v3");
  const std::string id = world.ready_session();
  const std::string apply = session_url(id) + "/apply";
  const std::string branch = "octobot/" + id.substr(0, 8);
  agent_does(id, "echo from the session > work.txt");

  // Hostile pull-request input is refused before anything is pushed.
  const std::size_t fetched = world.forge.requests("git").size();  // the server's mirror clone
  CHECK(world.server->call(Method::post, apply, {{"pullRequest", {{"title", "two\nlines"}}}})["status"] == 400);
  CHECK(world.server->call(Method::post, apply, {{"pullRequest", {{"body", std::string(100 * 1024, 'x')}}}})["status"] == 400);
  CHECK(world.server->call(Method::post, apply, {{"pullRequest", {{"title", 42}}}})["status"] == 400);
  CHECK(world.forge.requests("git").size() == fetched);

  auto applied = world.server->call(Method::post, apply,
                                    {{"pullRequest", {{"title", "Add work.txt"}, {"body", "Made by the agent."}}}});
  INFO(applied.dump());
  REQUIRE(applied["status"] == 200);
  CHECK(applied["body"]["mode"] == "push");
  CHECK(applied["body"]["branch"] == branch);
  CHECK(applied["body"]["remote"] == world.url());
  CHECK(applied["body"]["pullRequest"]["number"] == 1);
  CHECK_THAT(applied["body"]["pullRequest"]["url"].get<std::string>(), Catch::Contains("/octo/demo/pull/1"));
  const fs::path bare = world.repos / "octo" / "demo.git";
  CHECK(run_git(bare, {"rev-parse", branch}) == applied["body"]["commit"]);
  CHECK(run_git(bare, {"show", branch + ":work.txt"}) == "from the session");

  // The push carried the real token, put in by the proxy; the sandbox only ever had the placeholder.
  const std::string basic = "Basic " + octobot::crypto::base64_encode(std::string("x-access-token:") + kForgeToken);
  bool authenticated_push = false;
  for (const auto& request : world.forge.requests("git")) {
    if (request["headers"].value("authorization", "") == basic) authenticated_push = true;
  }
  CHECK(authenticated_push);
  auto pulls = world.forge.requests("pull_request");
  REQUIRE(pulls.size() == 1);
  CHECK(pulls[0]["path"] == "/api/v3/repos/octo/demo/pulls");
  CHECK(pulls[0]["headers"]["authorization"] == std::string("Bearer ") + kForgeToken);
  CHECK(pulls[0]["body"] == Json({{"title", "Add work.txt"}, {"body", "Made by the agent."}, {"head", branch}, {"base", "main"}}));
  const std::string container = "octobot-session-" + id;
  CHECK(docker({"inspect", container}).out.find(kForgeToken) == std::string::npos);
  CHECK(exec_in(container, "root", {"sh", "-c", "cat /proc/*/environ 2>/dev/null | tr '\\0' '\\n'; git -C /data/workspace config --list"})
            .out.find(kForgeToken) == std::string::npos);

  // The same work to GitLab and to Gitea: each adapter speaks its forge's API.
  REQUIRE(world.server->call(Method::delete_, "/api/projects/local/credentials/" + github)["status"] == 204);
  world.add_credential("gitlab", "/api/v4");
  applied = world.server->call(Method::post, apply, {{"pullRequest", {{"title", "On GitLab"}}}});
  INFO(applied.dump());
  REQUIRE(applied["status"] == 200);
  pulls = world.forge.requests("pull_request");
  REQUIRE(pulls.size() == 2);
  CHECK(pulls[1]["path"] == "/api/v4/projects/octo%2Fdemo/merge_requests");
  CHECK(pulls[1]["headers"]["private-token"] == kForgeToken);
  CHECK(pulls[1]["body"]["source_branch"] == branch);
  CHECK(pulls[1]["body"]["target_branch"] == "main");

  auto credentials = world.server->call(Method::get, "/api/projects/local/credentials");
  for (const auto& credential : credentials["body"]["items"]) {
    world.server->call(Method::delete_, "/api/projects/local/credentials/" + credential["id"].get<std::string>());
  }
  world.add_credential("gitea", "/api/v1");
  applied = world.server->call(Method::post, apply, {{"pullRequest", {{"title", "On Gitea"}}}});
  INFO(applied.dump());
  REQUIRE(applied["status"] == 200);
  pulls = world.forge.requests("pull_request");
  REQUIRE(pulls.size() == 3);
  CHECK(pulls[2]["path"] == "/api/v1/repos/octo/demo/pulls");
  CHECK(pulls[2]["headers"]["authorization"] == std::string("token ") + kForgeToken);
  CHECK(applied["body"]["pullRequest"]["number"] == 3);

  // Without a forge credential: no pull request, and an unauthenticated push is refused by the forge.
  credentials = world.server->call(Method::get, "/api/projects/local/credentials");
  for (const auto& credential : credentials["body"]["items"]) {
    world.server->call(Method::delete_, "/api/projects/local/credentials/" + credential["id"].get<std::string>());
  }
  CHECK(world.server->call(Method::post, apply, {{"pullRequest", {{"title", "x"}}}})["status"] == 400);
  auto anonymous = world.server->call(Method::post, apply);
  CHECK(anonymous["status"] == 503);
}

TEST_CASE("remote URLs and refs that git could take for options or helpers are refused", "[apply]") {
  Scratch scratch;
  ServerProcess server(OCTOBOT_BINARY, scratch.data());
  for (const std::string url : {"--upload-pack=touch /tmp/octobot-pwned", "ext::sh -c touch% /tmp/octobot-pwned",
                                "-oProxyCommand=touch /tmp/octobot-pwned", "fd::17"}) {
    auto created = server.call(Method::post, "/api/projects/local/workspaces", {{"path", url}, {"sourceType", "git"}});
    INFO(url << " → " << created.dump());
    CHECK(created["status"] == 400);
  }
  CHECK_FALSE(fs::exists("/tmp/octobot-pwned"));
}
