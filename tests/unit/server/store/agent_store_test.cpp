// AgentStore: agents and the default-agent rule.
#include "tests/unit/server/store/store_fixture.hpp"

namespace octobot::store::testing {
namespace {

std::string default_agent_id(Store& store, const std::string& project_id) {
  return must(store.find_default_agent(project_id)).id;
}

}  // namespace

TEST_CASE_METHOD(StoreFixture, "the first agent of a project becomes its default", "[store][agents]") {
  add_project("p1");
  CHECK(outcome(store->find_default_agent("p1")) == "not_found");

  const Agent first = must(store->create_agent(agent("p1", "a1", 10), event("p1", "agent.created")));
  CHECK(first.is_default);
  const Agent second = must(store->create_agent(agent("p1", "a2", 20), event("p1", "agent.created")));
  CHECK_FALSE(second.is_default);
  CHECK(default_agent_id(*store, "p1") == "a1");

  const Agent found = must(store->find_agent("p1", "a1"));
  CHECK(found.type == "claude-code");
  CHECK(found.name == "agent a1");
  CHECK(found.system_prompt == "be brief");
  CHECK(found.model == "sonnet");
  CHECK(found.env_json == R"({"A":"1"})");
  CHECK(found.mcp_servers_json == "[]");
  CHECK(found.is_default);
  CHECK(found.created_at == 10);

  const std::vector<Agent> listed = must(store->list_agents("p1"));
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].id == "a1");
  CHECK(listed[1].id == "a2");
  CHECK(outcome(store->create_agent(agent("p1", "a1"), event("p1", "agent.created"))) == "conflict");
}

TEST_CASE_METHOD(StoreFixture, "creating or updating a default agent takes the flag", "[store][agents]") {
  add_project("p1");
  must(store->create_agent(agent("p1", "a1", 10), event("p1", "agent.created")));
  const Agent second = must(store->create_agent(agent("p1", "a2", 20, true), event("p1", "agent.created")));
  CHECK(second.is_default);
  CHECK(default_agent_id(*store, "p1") == "a2");
  CHECK_FALSE(must(store->find_agent("p1", "a1")).is_default);

  Agent first = agent("p1", "a1", 10, true);
  first.model = "opus";
  first.updated_at = 99;
  const Agent updated = must(store->update_agent(first, event("p1", "agent.updated")));
  CHECK(updated.is_default);
  CHECK(updated.model == "opus");
  CHECK(updated.updated_at == 99);
  CHECK(default_agent_id(*store, "p1") == "a1");
  CHECK_FALSE(must(store->find_agent("p1", "a2")).is_default);

  // Clearing the flag on the default keeps it: a project with agents has one.
  const Agent kept = must(store->update_agent(agent("p1", "a1", 10, false), event("p1", "agent.updated")));
  CHECK(kept.is_default);
  CHECK(default_agent_id(*store, "p1") == "a1");

  // Updating a non-default agent without the flag leaves it non-default.
  CHECK_FALSE(must(store->update_agent(agent("p1", "a2", 20, false), event("p1", "agent.updated"))).is_default);
}

TEST_CASE_METHOD(StoreFixture, "deleting the default agent promotes the oldest remaining one", "[store][agents]") {
  add_project("p1");
  must(store->create_agent(agent("p1", "newest", 30), event("p1", "agent.created")));
  must(store->create_agent(agent("p1", "oldest", 10), event("p1", "agent.created")));
  must(store->create_agent(agent("p1", "middle", 20), event("p1", "agent.created")));
  CHECK(default_agent_id(*store, "p1") == "newest");

  must(store->delete_agent("p1", "newest", event("p1", "agent.deleted")));
  CHECK(default_agent_id(*store, "p1") == "oldest");
  must(store->delete_agent("p1", "middle", event("p1", "agent.deleted")));  // not the default
  CHECK(default_agent_id(*store, "p1") == "oldest");
  must(store->delete_agent("p1", "oldest", event("p1", "agent.deleted")));
  CHECK(outcome(store->find_default_agent("p1")) == "not_found");
  CHECK(must(store->list_agents("p1")).empty());
  CHECK(outcome(store->delete_agent("p1", "oldest", event("p1", "agent.deleted"))) == "not_found");
}

TEST_CASE_METHOD(StoreFixture, "agents are scoped to their project", "[store][agents]") {
  add_project("p1");
  add_project("p2");
  must(store->create_agent(agent("p1", "a1"), event("p1", "agent.created")));
  const Agent in_p2 = must(store->create_agent(agent("p2", "a2"), event("p2", "agent.created")));
  CHECK(in_p2.is_default);  // each project has its own default

  CHECK(outcome(store->find_agent("p2", "a1")) == "not_found");
  CHECK(outcome(store->update_agent(agent("p2", "a1"), event("p2", "agent.updated"))) == "not_found");
  CHECK(outcome(store->delete_agent("p2", "a1", event("p2", "agent.deleted"))) == "not_found");
  CHECK(must(store->list_agents("p2")).size() == 1);
  CHECK(default_agent_id(*store, "p1") == "a1");
  CHECK(outcome(store->create_agent(agent("ghost", "a3"), event("ghost", "agent.created"))) == "not_found");
}

}  // namespace octobot::store::testing
