// Store: several threads writing and reading at once.
#include "tests/unit/server/store/store_fixture.hpp"

#include <set>
#include <thread>

namespace octobot::store::testing {

TEST_CASE_METHOD(StoreFixture, "several threads create sessions and read at once", "[store][threads]") {
  add_project("p1");
  add_workspace("p1", "w1");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::string> failures[kThreads];
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        if (auto created = store->create_session(session("p1", "w1", id, 1000 + i), event("p1", "session.created", id));
            !created) {
          failures[t].push_back(created.error().message);
        }
        if (auto found = store->find_session("p1", id); !found) failures[t].push_back(found.error().message);
        if (auto page = store->list_sessions("p1", "", {10, ""}); !page) failures[t].push_back(page.error().message);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& messages : failures) {
    for (const std::string& message : messages) FAIL_CHECK(message);
  }

  const Page<Session> all = must(store->list_sessions("p1", "", {1000, ""}));
  CHECK(all.items.size() == kThreads * kPerThread);
  const std::vector<Event> events = must(store->list_events_after("p1", 0, 1000));
  REQUIRE(events.size() == 2 + kThreads * kPerThread);
  std::set<std::int64_t> ids;
  for (std::size_t i = 0; i < events.size(); ++i) {
    ids.insert(events[i].id);
    if (i > 0) CHECK(events[i].id > events[i - 1].id);
  }
  CHECK(ids.size() == events.size());
}

TEST_CASE_METHOD(StoreFixture, "concurrent agent creation keeps exactly one default", "[store][threads]") {
  add_project("p1");
  constexpr int kThreads = 4;
  std::vector<std::string> failures[kThreads];
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        const std::string id = "a" + std::to_string(t) + "-" + std::to_string(i);
        if (auto created = store->create_agent(agent("p1", id, 100 + i, i == 4), event("p1", "agent.created")); !created) {
          failures[t].push_back(created.error().message);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& messages : failures) {
    for (const std::string& message : messages) FAIL_CHECK(message);
  }
  const std::vector<Agent> agents = must(store->list_agents("p1"));
  CHECK(agents.size() == kThreads * 5);
  int defaults = 0;
  for (const Agent& a : agents) defaults += a.is_default ? 1 : 0;
  CHECK(defaults == 1);
}

}  // namespace octobot::store::testing
