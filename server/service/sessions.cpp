#include "server/service/sessions.hpp"

#include "server/service/wire.hpp"

namespace octobot::service {

Result<std::string> SessionService::resolve_agent(std::string_view project_id,
                                                  const std::optional<std::string>& agent_id) {
  if (agent_id) {
    auto id = validate_id("agentId", *agent_id);
    if (!id) return id.error();
    auto agent = context_.store.find_agent(project_id, *id);
    if (!agent) {
      if (agent.error().code == store::Error::Code::not_found) {
        return Error::not_found("agent \"" + *id + "\" not found in this project");
      }
      return describe(agent.error(), "agent");
    }
    return agent->id;
  }
  auto fallback = context_.store.find_default_agent(project_id);
  if (fallback) return fallback->id;
  if (fallback.error().code == store::Error::Code::not_found) return std::string();
  return describe(fallback.error(), "agent");
}

Result<store::Session> SessionService::create(std::string_view project_id, std::string_view workspace_id,
                                              std::string_view name, const std::optional<std::string>& agent_id) {
  // No name: the first chat message names the session.
  auto valid_name = name.empty() ? Result<std::string>(std::string()) : validate_name("name", name);
  if (!valid_name) return valid_name.error();
  auto workspace = context_.store.find_workspace(project_id, workspace_id);
  if (!workspace) return describe(workspace.error(), "workspace");
  auto agent = resolve_agent(project_id, agent_id);
  if (!agent) return agent.error();

  auto now = context_.now_ms();
  store::Session session{crypto::uuid_v4(), std::string(project_id), workspace->id, *agent, *valid_name,
                         "initializing", "", now, now};
  // The sandbox's bearer tokens exist before any container holds their hashes.
  session.api_token = crypto::random_token();
  session.proxy_token = crypto::random_token();
  auto created = context_.store.create_session(session, make_event(context_, project_id, "session.created",
                                                                    wire::render(session)));
  if (!created) return describe(created.error(), "session");
  context_.hub.notify();
  sandboxes_.provision(session);
  return session;
}

Result<store::Page<store::Session>> SessionService::list(std::string_view project_id, std::string_view workspace_id,
                                                         const store::PageRequest& page) {
  if (!workspace_id.empty()) {
    auto workspace = context_.store.find_workspace(project_id, workspace_id);
    if (!workspace) return describe(workspace.error(), "workspace");
  }
  auto sessions = context_.store.list_sessions(project_id, workspace_id, page);
  if (!sessions) {
    if (sessions.error().code == store::Error::Code::invalid) {
      return Error::invalid("the cursor is not valid; use the nextCursor of a previous page", "invalid_cursor");
    }
    return describe(sessions.error(), "session");
  }
  return std::move(sessions).value();
}

Result<store::Session> SessionService::get(std::string_view project_id, std::string_view id) {
  auto session = context_.store.find_session(project_id, id);
  if (!session) return describe(session.error(), "session");
  return std::move(session).value();
}

Result<store::Session> SessionService::rename(std::string_view project_id, std::string_view id,
                                              std::string_view name) {
  auto valid_name = validate_name("name", name);
  if (!valid_name) return valid_name.error();
  auto session = get(project_id, id);
  if (!session) return session.error();
  session->name = *valid_name;
  session->updated_at = context_.now_ms();
  auto updated = context_.store.update_session(*session, make_event(context_, project_id, "session.updated",
                                                                    wire::render(*session)));
  if (!updated) return describe(updated.error(), "session");
  context_.hub.notify();
  return session;
}

Result<store::Session> SessionService::stop(std::string_view project_id, std::string_view id) {
  return sandboxes_.request_stop(project_id, id);
}

Result<store::Session> SessionService::start(std::string_view project_id, std::string_view id) {
  return sandboxes_.request_start(project_id, id);
}

Result<store::Session> SessionService::remove(std::string_view project_id, std::string_view id) {
  return sandboxes_.request_remove(project_id, id);
}

Result<std::vector<store::Message>> SessionService::messages(std::string_view project_id, std::string_view id) {
  auto session = get(project_id, id);
  if (!session) return session.error();
  auto messages = context_.store.list_messages(project_id, id);
  if (!messages) return describe(messages.error(), "message");
  return std::move(messages).value();
}

}  // namespace octobot::service
