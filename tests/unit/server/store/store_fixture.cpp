#include "tests/unit/server/store/store_fixture.hpp"

namespace octobot::store::testing {

std::string code_name(Error::Code code) {
  switch (code) {
    case Error::Code::not_found: return "not_found";
    case Error::Code::conflict: return "conflict";
    case Error::Code::invalid: return "invalid";
    case Error::Code::unavailable: return "unavailable";
    case Error::Code::internal: return "internal";
    case Error::Code::busy: return "busy";
    case Error::Code::invalid_state: return "invalid_state";
    case Error::Code::forbidden: return "forbidden";
  }
  return "unknown";
}

EventDraft event(const std::string& project_id, const std::string& type, const std::string& id) {
  return EventDraft{project_id, type, "{\"id\":\"" + id + "\"}", 5000};
}

User user(const std::string& id, const std::string& subject) {
  return User{id, "Name of " + id, id + "@example.com", "github", subject.empty() ? "gh-" + id : subject, 100};
}

Project project(const std::string& id) { return Project{id, "Project " + id, 100, 100}; }

Member owner(const std::string& project_id, const std::string& user_id) {
  return Member{project_id, user_id, "owner", 100};
}

Workspace workspace(const std::string& project_id, const std::string& id, const std::string& display_name) {
  return Workspace{.id = id,
                   .project_id = project_id,
                   .display_name = display_name.empty() ? "ws " + id : display_name,
                   .path = "/src/" + id,
                   .source_type = "local",
                   .status = "ready",
                   .created_at = 200,
                   .updated_at = 200};
}

Session session(const std::string& project_id, const std::string& workspace_id, const std::string& id,
                std::int64_t created_at) {
  return Session{.id = id,
                 .project_id = project_id,
                 .workspace_id = workspace_id,
                 .name = "session " + id,
                 .status = "initializing",
                 .created_at = created_at,
                 .updated_at = created_at};
}

Agent agent(const std::string& project_id, const std::string& id, std::int64_t created_at, bool is_default) {
  return Agent{.id = id,
               .project_id = project_id,
               .type = "claude-code",
               .name = "agent " + id,
               .system_prompt = "be brief",
               .model = "sonnet",
               .env_json = R"({"A":"1"})",
               .mcp_servers_json = "[]",
               .is_default = is_default,
               .created_at = created_at,
               .updated_at = created_at};
}

Credential credential(const std::string& project_id, const std::string& id) {
  return Credential{id, project_id, "anthropic", "key " + id, "c2VjcmV0", R"(["api.anthropic.com"])", "abcd", 300};
}

Message message(const std::string& project_id, const std::string& session_id, const std::string& id,
                std::int64_t created_at) {
  return Message{id, project_id, session_id, "user", R"([{"type":"text","text":"hi"}])", created_at};
}

void StoreFixture::add_user(const std::string& id) { must(store->create_user(user(id))); }

void StoreFixture::add_project(const std::string& id) {
  add_user(id + "-owner");
  must(store->create_project(project(id), owner(id, id + "-owner"), event(id, "project.created", id)));
}

void StoreFixture::add_workspace(const std::string& project_id, const std::string& id) {
  must(store->create_workspace(workspace(project_id, id), event(project_id, "workspace.created", id)));
}

void StoreFixture::add_session(const std::string& project_id, const std::string& workspace_id, const std::string& id,
                               std::int64_t created_at) {
  must(store->create_session(session(project_id, workspace_id, id, created_at),
                             event(project_id, "session.created", id)));
}

}  // namespace octobot::store::testing
