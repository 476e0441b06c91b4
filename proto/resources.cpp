#include "proto/resources.hpp"

#include <ctime>

namespace octobot::proto {

namespace {

Json nullable(const std::string& value) { return value.empty() ? Json(nullptr) : Json(value); }

// Stored JSON text back to JSON; a corrupt value becomes `fallback` instead of failing the request.
Json parse_stored(const std::string& text, Json fallback) {
  Json parsed = Json::parse(text, nullptr, false);
  return parsed.is_discarded() ? fallback : parsed;
}

}  // namespace

std::string format_time(std::int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(unix_ms % 1000));
  return buffer;
}

Json to_json(const store::Project& project) {
  return {{"id", project.id},
          {"name", project.name},
          {"createdAt", format_time(project.created_at)},
          {"updatedAt", format_time(project.updated_at)}};
}

Json to_json(const store::Workspace& workspace) {
  return {{"id", workspace.id},
          {"projectId", workspace.project_id},
          {"displayName", workspace.display_name},
          {"path", workspace.path},
          {"sourceType", workspace.source_type},
          {"status", workspace.status},
          {"errorMessage", nullable(workspace.error_message)},
          {"commitSha", nullable(workspace.commit_sha)},
          {"createdAt", format_time(workspace.created_at)},
          {"updatedAt", format_time(workspace.updated_at)}};
}

Json to_json(const store::Session& session) {
  return {{"id", session.id},
          {"projectId", session.project_id},
          {"workspaceId", session.workspace_id},
          {"agentId", nullable(session.agent_id)},
          {"name", session.name},
          {"status", session.status},
          {"errorMessage", nullable(session.error_message)},
          {"createdAt", format_time(session.created_at)},
          {"updatedAt", format_time(session.updated_at)}};
}

Json to_json(const store::Agent& agent) {
  return {{"id", agent.id},
          {"projectId", agent.project_id},
          {"type", agent.type},
          {"name", agent.name},
          {"systemPrompt", agent.system_prompt},
          {"model", agent.model},
          {"env", parse_stored(agent.env_json, Json::object())},
          {"mcpServers", parse_stored(agent.mcp_servers_json, Json::array())},
          {"isDefault", agent.is_default},
          {"createdAt", format_time(agent.created_at)},
          {"updatedAt", format_time(agent.updated_at)}};
}

Json to_json(const store::Credential& credential) {
  return {{"id", credential.id},
          {"projectId", credential.project_id},
          {"provider", credential.provider},
          {"name", credential.name},
          {"hosts", parse_stored(credential.hosts_json, Json::array())},
          {"last4", credential.last4},
          {"createdAt", format_time(credential.created_at)}};
}

Json to_json(const store::Message& message) {
  return {{"id", message.id},
          {"sessionId", message.session_id},
          {"role", message.role},
          {"parts", parse_stored(message.parts_json, Json::array())},
          {"createdAt", format_time(message.created_at)}};
}

Json to_json(const store::Event& event) {
  return {{"id", event.id},
          {"type", event.type},
          {"projectId", event.project_id},
          {"data", parse_stored(event.data_json, Json::object())},
          {"createdAt", format_time(event.created_at)}};
}

}  // namespace octobot::proto
