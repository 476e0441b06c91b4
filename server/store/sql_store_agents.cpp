// SqlStore: agents, with the default-agent rule (AgentStore).
#include "server/store/sql_store.hpp"
#include "server/store/transaction.hpp"

namespace octobot::store {
namespace {

// Locks the project's row until the transaction ends, so concurrent agent
// changes of one project apply the default-agent rule one after the other
// (a no-op UPDATE: a row lock on PostgreSQL; SQLite writers are serial
// anyway). not_found when the project does not exist.
Result<> lock_project(Executor& x, std::string_view project_id) {
  return x.change("UPDATE projects SET updated_at = updated_at WHERE id = ?", {project_id}, "project", project_id);
}

Result<Agent> select_agent(Executor& x, std::string_view project_id, std::string_view id) {
  return x.find("SELECT " OCTOBOT_AGENT_COLUMNS " FROM agents WHERE project_id = ? AND id = ?", {project_id, id},
                agent_from_row, "agent", id);
}

Result<bool> has_default_agent(Executor& x, std::string_view project_id) {
  auto found = x.run("SELECT 1 FROM agents WHERE project_id = ? AND is_default = 1", {project_id});
  if (!found) return found.error();
  return !found->rows.empty();
}

Result<> clear_default_agent(Executor& x, std::string_view project_id) {
  auto cleared = x.run("UPDATE agents SET is_default = 0 WHERE project_id = ? AND is_default = 1", {project_id});
  if (!cleared) return cleared.error();
  return {};
}

Result<> promote_oldest_agent(Executor& x, std::string_view project_id) {
  auto promoted = x.run(
      "UPDATE agents SET is_default = 1 WHERE id ="
      " (SELECT id FROM agents WHERE project_id = ? ORDER BY created_at, id LIMIT 1)",
      {project_id});
  if (!promoted) return promoted.error();
  return {};
}

Result<> insert_agent(Executor& x, const Agent& a, bool is_default) {
  auto inserted = x.run("INSERT INTO agents (" OCTOBOT_AGENT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        {a.id, a.project_id, a.type, a.name, a.system_prompt, a.model, a.env_json,
                         a.mcp_servers_json, is_default, a.created_at, a.updated_at, a.network_policy_json,
                         a.approval_policy});
  if (!inserted) return inserted.error();
  return {};
}

Result<> write_agent(Executor& x, const Agent& a, bool is_default) {
  return x.change(
      "UPDATE agents SET type = ?, name = ?, system_prompt = ?, model = ?, env_json = ?, mcp_servers_json = ?,"
      " is_default = ?, updated_at = ?, network_policy_json = ?, approval_policy = ? WHERE project_id = ? AND id = ?",
      {a.type, a.name, a.system_prompt, a.model, a.env_json, a.mcp_servers_json, is_default, a.updated_at,
       a.network_policy_json, a.approval_policy, a.project_id, a.id},
      "agent", a.id);
}

}  // namespace

Result<Agent> SqlStore::create_agent(const Agent& agent, const EventDraft& event) {
  return in_transaction<Agent>(*database_, [&](Executor& x) -> Result<Agent> {
    if (auto locked = lock_project(x, agent.project_id); !locked) return locked.error();
    Result<bool> has_default = has_default_agent(x, agent.project_id);
    if (!has_default) return has_default.error();
    // The first agent of a project becomes its default.
    const bool make_default = agent.is_default || !*has_default;
    if (make_default && *has_default) {
      if (auto cleared = clear_default_agent(x, agent.project_id); !cleared) return cleared.error();
    }
    if (auto inserted = insert_agent(x, agent, make_default); !inserted) return inserted.error();
    if (auto appended = x.append_event(event); !appended) return appended.error();
    Agent stored = agent;
    stored.is_default = make_default;
    return stored;
  });
}

Result<Agent> SqlStore::find_agent(std::string_view project_id, std::string_view id) {
  return read_only<Agent>(*database_, [&](Executor& x) { return select_agent(x, project_id, id); });
}

Result<Agent> SqlStore::find_default_agent(std::string_view project_id) {
  return read_only<Agent>(*database_, [&](Executor& x) {
    return x.find("SELECT " OCTOBOT_AGENT_COLUMNS " FROM agents WHERE project_id = ? AND is_default = 1",
                  {project_id}, agent_from_row, "default agent of project", project_id);
  });
}

Result<std::vector<Agent>> SqlStore::list_agents(std::string_view project_id) {
  return read_only<std::vector<Agent>>(*database_, [&](Executor& x) {
    return x.list("SELECT " OCTOBOT_AGENT_COLUMNS " FROM agents WHERE project_id = ? ORDER BY created_at, id",
                  {project_id}, agent_from_row);
  });
}

Result<Agent> SqlStore::update_agent(const Agent& agent, const EventDraft& event) {
  return in_transaction<Agent>(*database_, [&](Executor& x) -> Result<Agent> {
    if (auto locked = lock_project(x, agent.project_id); !locked) return locked.error();
    Result<Agent> current = select_agent(x, agent.project_id, agent.id);
    if (!current) return current.error();
    // The default stays the default until another agent takes the flag.
    const bool make_default = agent.is_default || current->is_default;
    if (make_default && !current->is_default) {
      if (auto cleared = clear_default_agent(x, agent.project_id); !cleared) return cleared.error();
    }
    if (auto written = write_agent(x, agent, make_default); !written) return written.error();
    if (auto appended = x.append_event(event); !appended) return appended.error();
    return select_agent(x, agent.project_id, agent.id);
  });
}

Result<> SqlStore::delete_agent(std::string_view project_id, std::string_view id, const EventDraft& event) {
  return in_transaction<void>(*database_, [&](Executor& x) -> Result<> {
    if (auto locked = lock_project(x, project_id); !locked) return locked;
    Result<Agent> current = select_agent(x, project_id, id);
    if (!current) return current.error();
    auto deleted = x.run("DELETE FROM agents WHERE project_id = ? AND id = ?", {project_id, id});
    if (!deleted) return deleted.error();
    if (current->is_default) {
      if (auto promoted = promote_oldest_agent(x, project_id); !promoted) return promoted;
    }
    return x.append_event(event);
  });
}

}  // namespace octobot::store
