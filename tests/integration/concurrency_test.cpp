// Many clients at once: unique names, the one default agent, and an event
// stream that misses nothing while writers race.
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

#include <mutex>
#include <set>
#include <thread>

using namespace octobot::testing;

namespace {

constexpr int kThreads = 6;

// Runs body(i) on kThreads threads at once and collects the statuses.
std::multiset<unsigned> in_parallel(const std::function<unsigned(int)>& body) {
  std::mutex mutex;
  std::multiset<unsigned> statuses;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      unsigned status = body(i);
      std::lock_guard lock(mutex);
      statuses.insert(status);
    });
  }
  for (auto& thread : threads) thread.join();
  return statuses;
}

// Catch2 assertions are not thread-safe: worker threads use fetch directly.
unsigned post(const std::string& base_url, const std::string& target, const Json& body) {
  auto response =
      octobot::http::fetch(base_url, Method::post, target, body.dump(), {{"Content-Type", "application/json"}});
  return response ? response->result_int() : 0;
}

}  // namespace

TEST_CASE_METHOD(ServerFixture, "concurrency: one of many identical workspace names wins", "[concurrency]") {
  for (int i = 0; i < kThreads; ++i) make_folder("f" + std::to_string(i));
  auto statuses = in_parallel([&](int i) {
    return post(
        base_url(), "/api/projects/local/workspaces",
        {{"path", (scratch() / ("f" + std::to_string(i))).string()}, {"sourceType", "local"}, {"displayName", "same"}});
  });
  CHECK(statuses.count(201) == 1);
  CHECK(statuses.count(409) == kThreads - 1);
  CHECK(items("/api/projects/local/workspaces").size() == 1);
}

TEST_CASE_METHOD(ServerFixture, "concurrency: agents created at once leave exactly one default", "[concurrency]") {
  SECTION("the first agents of a project") {
    auto statuses = in_parallel([&](int i) {
      return post(base_url(), "/api/projects/local/agents", {{"type", "codex"}, {"name", "a" + std::to_string(i)}});
    });
    CHECK(statuses.count(201) == kThreads);
  }
  SECTION("each asking to be the default") {
    create_agent("local", "existing");
    auto statuses = in_parallel([&](int i) {
      return post(base_url(), "/api/projects/local/agents",
                  {{"type", "codex"}, {"name", "a" + std::to_string(i)}, {"isDefault", true}});
    });
    CHECK(statuses.count(201) == kThreads);
  }
  int defaults = 0;
  for (const auto& agent : items("/api/projects/local/agents")) defaults += agent["isDefault"] == true;
  CHECK(defaults == 1);
}

TEST_CASE_METHOD(ServerFixture, "concurrency: a live stream sees every event of racing writers, in order",
                 "[concurrency][events]") {
  SseReader live(base_url(), "/api/projects/local/events");
  REQUIRE(live.status() == 200);
  constexpr int kPerThread = 8;
  auto statuses = in_parallel([&](int i) {
    unsigned worst = 201;
    for (int k = 0; k < kPerThread; ++k) {
      unsigned status = post(base_url(), "/api/projects/local/agents",
                             {{"type", "codex"}, {"name", "t" + std::to_string(i) + "-" + std::to_string(k)}});
      if (status != 201) worst = status;
    }
    return worst;
  });
  REQUIRE(statuses.count(201) == kThreads);

  std::vector<SseFrame> seen;
  for (int n = 0; n < kThreads * kPerThread; ++n) {
    auto frame = live.next();
    REQUIRE(frame);
    seen.push_back(*frame);
  }
  SseReader replay(base_url(), "/api/projects/local/events", {{"Last-Event-ID", "0"}});
  auto stored = replay.read_until([&](const SseFrame& f) { return f.id == seen.back().id; });
  stored.erase(stored.begin());  // project.created, from before the live stream
  REQUIRE(stored.size() == seen.size());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    CHECK(seen[i].id == stored[i].id);
    if (i > 0) CHECK(std::stoll(seen[i].id) > std::stoll(seen[i - 1].id));
  }
}
